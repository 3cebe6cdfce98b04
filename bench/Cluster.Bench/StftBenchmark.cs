using System.Diagnostics;
using System.Text.Json;
using Cluster.Signal;

namespace Cluster.Bench;

/// <summary>STFT throughput of the Cluster.Signal engine on one recording, in Msamples/s.</summary>
internal static class StftBenchmark
{
    public static int Run(string file, Options options)
    {
        var lframes = options.Int("lframes", 1024);
        var threads = options.Int("threads", 1);
        var repeat = options.Int("repeat", 5);
        var mode = options.Text("mode", "compat") == "psd" ? SpectrogramMode.Psd : SpectrogramMode.Compat;

        using var recording = IqFile.Open(file);
        var parameters = new StftParameters { Lframes = lframes, Mode = mode };
        // Warm-up: plans, JIT, the page cache, and two full passes so that the output memory is committed and warm.
        // On this VM first-touched memory comes from the host at ~0.3 GB/s (see docs/benchmarks.md); the timed
        // repeats measure the transform, not the hypervisor.
        for (var warm = 0; warm < 2; warm++)
        {
            GC.KeepAlive(Stft.Compute(recording, parameters, threads));
            GC.Collect();
        }
        var seconds = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            // The previous result's memory goes back to the GC (kept committed), so every repeat writes warm pages.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var clock = Stopwatch.StartNew();
            var spectrogram = Stft.Compute(recording, parameters, threads);
            seconds.Add(clock.Elapsed.TotalSeconds);
            GC.KeepAlive(spectrogram);
        }
        var samples = recording.SampleCount / lframes * lframes;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            samples,
            threads,
            mode = mode.ToString().ToLowerInvariant(),
            seconds,
            msps = seconds.Select(s => samples / s / 1e6).ToArray(),
        }));
        return 0;
    }
}
