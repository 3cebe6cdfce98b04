using Cluster.Formats;
using Cluster.Signal;

namespace Cluster.Bench;

/// <summary>
/// <c>write-tiq --out DIR [--files 8] [--samples 262144]</c>: small synthetic .tiq recordings (a drifting tone in noise,
/// a different seed per file) for the backlog benchmark of bench/bench_orleans.py, which links them many times over.
/// </summary>
internal static class TiqBacklogFiles
{
    public static int Write(Options options)
    {
        var folder = Directory.CreateDirectory(options.Text("out", "tiq")).FullName;
        var files = options.Int("files", 8);
        var samples = options.Int("samples", 1 << 18);
        const double sampleRate = 1e6;
        for (var f = 0; f < files; f++)
        {
            var random = new Random(f);
            var iq = new float[2 * samples];
            for (var n = 0; n < samples; n++)
            {
                var phase = 2 * Math.PI * (50e3 + 20e3 * f + 10.0 * n / samples * 1e3) * n / sampleRate;
                iq[2 * n] = (float)(Math.Cos(phase) + 0.1 * (random.NextDouble() - 0.5));
                iq[2 * n + 1] = (float)(Math.Sin(phase) + 0.1 * (random.NextDouble() - 0.5));
            }
            var path = Path.Combine(folder, $"seed{f:D2}.tiq");
            AtomicFile.Write(path, s => TiqWriter.Write(s, iq, sampleRate, 100e6, DateTimeOffset.UnixEpoch.AddDays(20_000 + f)));
        }
        Console.WriteLine($"{files} .tiq files of {samples} samples in {folder}");
        return 0;
    }
}
