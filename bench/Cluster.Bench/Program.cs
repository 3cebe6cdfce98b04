using Cluster.Bench;

// Measurements printed as one JSON line each, collected by bench/bench_iq.py:
//   Cluster.Bench stft FILE [--lframes 1024] [--threads 1] [--repeat 5] [--mode compat|psd]
//   Cluster.Bench figure [--repeat 7]
//   Cluster.Bench set-figure [--repeat 20] [--width 0] [--height 0] [--out FILE.png]
//   Cluster.Bench set --dir DIR --item ITEM --events T0,T1 [--repeat 5] [--width 1600] [--height 900] [--out PNG]
//   Cluster.Bench zarr [--frames 200] [--side 512] [--level 3] [--repeat 7]
//   Cluster.Bench nxstxm-generate FILE.jsonl [--energies 50] [--size 256]
//   Cluster.Bench nxstxm FILE.jsonl OUTDIR [--repeat 3] [--compression 1]
//   Cluster.Bench hdf5-layers FILE.jsonl OUTDIR [--repeat 5] [--compression 1]
//   Cluster.Bench write-tiq --out DIR [--files 8] [--samples 262144]   (bench/bench_orleans.py backlog)
//   Cluster.Bench iq-read FILE [--raw-format cu8] [--channel 0] [--sample-rate 1e6] [--repeat 5]   (bench/bench_iq_read.py)
return args.FirstOrDefault() switch
{
    "stft" when args.Length >= 2 => StftBenchmark.Run(args[1], Options.Parse(args[2..])),
    "figure" => FigureBenchmark.Run(Options.Parse(args[1..])),
    "set-figure" => SetFigureBenchmark.Run(Options.Parse(args[1..])),
    "queue" => QueueBenchmark.Run(Options.Parse(args[1..])),
    "write-tiq" => TiqBacklogFiles.Write(Options.Parse(args[1..])),
    "set" => SpectrogramSetBenchmark.Run(Options.Parse(args[1..])),
    "zarr" => ZarrBenchmark.Run(Options.Parse(args[1..])),
    "nxstxm-generate" when args.Length >= 2 => NxstxmBenchmark.Generate(args[1], Options.Parse(args[2..])),
    "iq-read" when args.Length >= 2 => IqReadBenchmark.Run(args[1], Options.Parse(args[2..])),
    "nxstxm" when args.Length >= 3 => NxstxmBenchmark.Run(args[1], args[2], Options.Parse(args[3..])),
    "hdf5-layers" when args.Length >= 3 => Hdf5LayerComparison.Run(args[1], args[2], Options.Parse(args[3..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Cluster.Bench stft FILE [--lframes N] [--threads N] [--repeat N] [--mode compat|psd] | figure [--repeat N] | queue | set-figure [--repeat N] [--out FILE.png] | set --dir DIR --item ITEM --events T0,T1 [--repeat N] | zarr [--frames N] [--side N] [--level N] [--repeat N] | nxstxm-generate FILE [--energies N] [--size N] | nxstxm FILE OUTDIR [--repeat N] [--compression N] | hdf5-layers FILE OUTDIR [--repeat N] [--compression N] | write-tiq --out DIR [--files N] [--samples N] | iq-read FILE [--raw-format T] [--channel N] [--sample-rate HZ] [--repeat N]");
    return 2;
}
