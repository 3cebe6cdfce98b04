using Cluster.Bench;

// Measurements printed as one JSON line each, collected by bench/bench_iq.py:
//   Cluster.Bench stft FILE [--lframes 1024] [--threads 1] [--repeat 5] [--mode compat|psd]
//   Cluster.Bench figure [--repeat 7]
//   Cluster.Bench nxstxm-generate FILE.jsonl [--energies 50] [--size 256]
//   Cluster.Bench nxstxm FILE.jsonl OUTDIR [--repeat 3] [--compression 1]
return args.FirstOrDefault() switch
{
    "stft" when args.Length >= 2 => StftBenchmark.Run(args[1], Options.Parse(args[2..])),
    "figure" => FigureBenchmark.Run(Options.Parse(args[1..])),
    "queue" => QueueBenchmark.Run(Options.Parse(args[1..])),
    "nxstxm-generate" when args.Length >= 2 => NxstxmBenchmark.Generate(args[1], Options.Parse(args[2..])),
    "nxstxm" when args.Length >= 3 => NxstxmBenchmark.Run(args[1], args[2], Options.Parse(args[3..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Cluster.Bench stft FILE [--lframes N] [--threads N] [--repeat N] [--mode compat|psd] | figure [--repeat N] | nxstxm-generate FILE [--energies N] [--size N] | nxstxm FILE OUTDIR [--repeat N] [--compression N]");
    return 2;
}
