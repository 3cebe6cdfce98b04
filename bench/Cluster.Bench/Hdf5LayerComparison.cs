using System.Diagnostics;
using System.Text.Json;
using Cluster.Nexus;
using Cluster.Nexus.Stxm;

namespace Cluster.Bench;

/// <summary>
/// The same NXstxm tree (the benchmark stack: two entries, signal and control (50, 256, 256) float64, five flat point
/// arrays each) written by the libhdf5 binding (<see cref="NexusFileWriter"/>) and by PureHDF 2.2.0
/// (<see cref="PureHdfTreeWriter"/>), alternating, same chunks and the same gzip level with shuffle; each write ends
/// with fsync. One untimed write each first. Prints times and sizes as one JSON line; bench_nxstxm.py validates and
/// compares the two files with h5py.
/// </summary>
internal static class Hdf5LayerComparison
{
    public static int Run(string input, string outputDirectory, Options options)
    {
        var repeat = options.Int("repeat", 5);
        var level = options.Int("compression", 1);
        Directory.CreateDirectory(outputDirectory);
        var tree = NxstxmBuilder.Build(StxmScanReader.Read(input), new NxstxmFileInfo("layers.hdf5", DateTimeOffset.UtcNow) { GzipLevel = level });
        var libPath = Path.Combine(outputDirectory, "libhdf5.hdf5");
        var purePath = Path.Combine(outputDirectory, "purehdf.hdf5");
        List<double> lib = [], pure = [];
        for (var run = 0; run <= repeat; run++)
        {
            var a = Time(() => NexusFileWriter.Write(tree, libPath));
            var b = Time(() => PureHdfTreeWriter.Write(tree, purePath));
            if (run == 0) continue;
            lib.Add(a);
            pure.Add(b);
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            libhdf5_seconds = lib,
            purehdf_seconds = pure,
            libhdf5_median_s = Statistics.Median(lib),
            purehdf_median_s = Statistics.Median(pure),
            libhdf5_bytes = new FileInfo(libPath).Length,
            purehdf_bytes = new FileInfo(purePath).Length,
            libhdf5_path = libPath,
            purehdf_path = purePath,
        }));
        return 0;
    }

    private static double Time(Action write)
    {
        var clock = Stopwatch.StartNew();
        write();
        return clock.Elapsed.TotalSeconds;
    }
}
