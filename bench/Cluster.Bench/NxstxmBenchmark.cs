using System.Diagnostics;
using System.Text.Json;
using Cluster.Core.Processing;
using Cluster.Nexus.Stxm;
using Cluster.Processors.Nxstxm;

namespace Cluster.Bench;

/// <summary>
/// The <c>nxstxm</c> kind's processor in a loop (the code path of the job kind and of <c>cluster nxstxm</c>, without
/// the quick look): bluesky JSON Lines -> NXstxm HDF5, shuffle + gzip at the given level. One untimed warm-up
/// conversion, then <c>--repeat</c> timed ones; prints the times and the output size as one JSON line.
/// </summary>
internal static class NxstxmBenchmark
{
    /// <summary>Writes the synthetic stack: <c>--energies</c> energies of <c>--size</c> x <c>--size</c> pixels, two polarizations.</summary>
    public static int Generate(string path, Options options)
    {
        var energies = Enumerable.Range(0, options.Int("energies", 50)).Select(i => 700.0 + 0.5 * i).ToArray();
        var size = options.Int("size", 256);
        SyntheticStxmScan.WriteJsonLines(path, energies, size, size, [-1.0, 1.0]);
        Console.WriteLine(JsonSerializer.Serialize(new { path, bytes = new FileInfo(path).Length, energies = energies.Length, size }));
        return 0;
    }

    public static int Run(string input, string outputDirectory, Options options)
    {
        var repeat = options.Int("repeat", 3);
        var parameters = new NxstxmParameters { Compression = options.Int("compression", 1), QuickLook = false };
        var processor = new NxstxmProcessor();
        var seconds = new List<double>();
        long size = 0;
        for (var run = 0; run <= repeat; run++) // run 0 warms up
        {
            var scratch = Directory.CreateTempSubdirectory("cluster-bench-nxstxm-");
            try
            {
                var clock = Stopwatch.StartNew();
                var result = processor.ProcessAsync(new WorkInput(Path.GetFileName(input), input), parameters,
                    new ProcessorContext(outputDirectory, scratch.FullName), CancellationToken.None).GetAwaiter().GetResult();
                var elapsed = clock.Elapsed.TotalSeconds;
                size = new FileInfo(result.Artifacts[0].Path).Length;
                if (run > 0) seconds.Add(elapsed);
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        var phases = Phases(input, outputDirectory, parameters.Compression);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seconds,
            parse_s = phases.Parse,
            interpret_s = phases.Interpret,
            build_s = phases.Build,
            write_s = phases.Write,
            median_s = Statistics.Median(seconds),
            output_bytes = size,
            peak_working_set_bytes = Process.GetCurrentProcess().PeakWorkingSet64,
        }));
        return 0;
    }

    /// <summary>One more conversion split into its phases: documents -> scan, scan -> tree, tree -> HDF5 file.</summary>
    private static (double Parse, double Interpret, double Build, double Write) Phases(string input, string outputDirectory, int compression)
    {
        var clock = Stopwatch.StartNew();
        var runs = Cluster.Nexus.Bluesky.BlueskyDocumentFile.Read(input);
        var parse = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var scan = StxmScanReader.Interpret(runs);
        var interpret = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var tree = NxstxmBuilder.Build(scan, new NxstxmFileInfo("phases.hdf5", DateTimeOffset.UtcNow) { GzipLevel = compression });
        var build = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var path = Path.Combine(outputDirectory, "phases.hdf5");
        Cluster.Nexus.NexusFileWriter.Write(tree, path);
        var write = clock.Elapsed.TotalSeconds;
        File.Delete(path);
        return (parse, interpret, build, write);
    }
}
