using Cluster.Formats;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>Writes small (time, pitch, energy) cubes as NPZ row files for the data-path tests.</summary>
internal static class RowFileWriter
{
    public const double Start = 1_700_000_000;

    /// <summary>Times Start, Start+step, ...; energies descending (as FAST stores them); values from <paramref name="value"/>.</summary>
    public static string Cube(string path, int times, int pitches, double[] energies, Func<int, int, int, double> value, double step = 4)
    {
        var x = Enumerable.Range(0, times).Select(i => Start + i * step).ToArray();
        var data = new double[times * pitches * energies.Length];
        for (var t = 0; t < times; t++)
            for (var p = 0; p < pitches; p++)
                for (var e = 0; e < energies.Length; e++)
                    data[(t * pitches + p) * energies.Length + e] = value(t, p, e);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var npz = new NpzWriter(file, compress: false);
        npz.Add("x", NpyArray.Create(x, times));
        npz.Add("y", NpyArray.Create(energies, energies.Length));
        npz.Add("data", NpyArray.Create(data, times, pitches, energies.Length));
        return path;
    }
}
