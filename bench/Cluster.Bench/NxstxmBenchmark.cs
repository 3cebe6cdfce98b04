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
        long size = 0, peakOfFirst = 0;
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
                else peakOfFirst = PeakWorkingSet();
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        var peakOfTimedRuns = PeakWorkingSet();
        var phases = Phases(input, outputDirectory, parameters.Compression);
        // What the processor's release of a large scan costs: the same full collection, with that conversion's arrays dead.
        var release = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        var releaseSeconds = release.Elapsed.TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            seconds,
            parse_s = phases.Parse.Seconds,
            interpret_s = phases.Interpret.Seconds,
            build_s = phases.Build.Seconds,
            write_s = phases.Write.Seconds,
            release_collection_s = releaseSeconds,
            // Where the memory goes: bytes allocated in each phase, and bytes still reachable after it (full GC, untimed).
            allocated_bytes = new { parse = phases.Parse.Allocated, interpret = phases.Interpret.Allocated, build = phases.Build.Allocated, write = phases.Write.Allocated },
            live_bytes_after = new { parse = phases.Parse.Live, interpret = phases.Interpret.Live, build = phases.Build.Live, write = phases.Write.Live },
            median_s = Statistics.Median(seconds),
            output_bytes = size,
            peak_working_set_bytes = peakOfTimedRuns,
            peak_working_set_first_conversion_bytes = peakOfFirst,
        }));
        return 0;
    }

    private static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private readonly record struct Phase(double Seconds, long Allocated, long Live);

    /// <summary>Times <paramref name="work"/>, then counts what it allocated and what stays reachable (after a full collection, outside the timing).</summary>
    private static T Measure<T>(Func<T> work, out Phase phase)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = work();
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        phase = new Phase(seconds, allocated, GC.GetTotalMemory(forceFullCollection: true));
        return result;
    }

    /// <summary>One more conversion split into its phases: documents -> scan, scan -> tree, tree -> HDF5 file.</summary>
    private static (Phase Parse, Phase Interpret, Phase Build, Phase Write) Phases(string input, string outputDirectory, int compression)
    {
        GC.Collect();
        var runs = Measure(() => Cluster.Nexus.Bluesky.BlueskyDocumentFile.Read(input), out var parse);
        var scan = Measure(() => StxmScanReader.Interpret(runs), out var interpret);
        var tree = Measure(() => NxstxmBuilder.Build(scan, new NxstxmFileInfo("phases.hdf5", DateTimeOffset.UtcNow) { GzipLevel = compression }), out var build);
        var path = Path.Combine(outputDirectory, "phases.hdf5");
        Measure(() =>
        {
            Cluster.Nexus.NexusFileWriter.Write(tree, path);
            return path;
        }, out var write);
        File.Delete(path);
        GC.KeepAlive(runs);
        GC.KeepAlive(scan);
        GC.KeepAlive(tree);
        return (parse, interpret, build, write);
    }
}
