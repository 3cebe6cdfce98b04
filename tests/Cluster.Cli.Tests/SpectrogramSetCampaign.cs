using Cluster.Formats;

namespace Cluster.Cli.Tests;

/// <summary>A small campaign on disk for the spectrogram-set CLI tests: good orbits, a quiet one, a corrupt one.</summary>
internal static class SpectrogramSetCampaign
{
    public const double Start = 1_700_000_000;

    public const string Spec = """
        name: campaign
        kind: spectrogram-set
        input: { directory: orbits, glob: "ees/*.npz" }
        params:
          z_scale: log
          zoom_minutes: 2
          events: { good_1: [1700000100, 1700000200] }
          rows:
            - { file: "ees/{item}.npz", x: t, y: energy, data: flux, label: EES, y_max: 4000 }
            - { file: "ies/{item}.npz", x: t, y: energy, data: flux, label: IES, y_max: 4000 }
        outputs: { width: 800, height: 600 }
        """;

    /// <summary>Writes spec.yaml and the orbits; returns the spec path.</summary>
    public static string Write(string root, params (string Orbit, Kind Kind)[] orbits)
    {
        foreach (var (orbit, kind) in orbits)
        {
            foreach (var instrument in new[] { "ees", "ies" })
            {
                var path = Path.Combine(root, "orbits", instrument, orbit + ".npz");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteCube(path, kind == Kind.Quiet ? double.NaN : 1.0);
                if (kind == Kind.Corrupt && instrument == "ies")
                    File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
            }
        }
        var spec = Path.Combine(root, "spec.yaml");
        File.WriteAllText(spec, Spec);
        return spec;
    }

    public enum Kind
    {
        Good,
        Quiet,
        Corrupt,
    }

    private static void WriteCube(string path, double level)
    {
        const int times = 120, pitches = 4;
        double[] energies = [30000, 3000, 300, 30];
        var data = new double[times * pitches * energies.Length];
        for (var i = 0; i < data.Length; i++) data[i] = level * (1 + i % 97);
        using var file = File.Create(path);
        using var npz = new NpzWriter(file, compress: false);
        npz.Add("t", NpyArray.Create(Enumerable.Range(0, times).Select(i => Start + 3.0 * i).ToArray(), times));
        npz.Add("energy", NpyArray.Create(energies, energies.Length));
        npz.Add("flux", NpyArray.Create(data, times, pitches, energies.Length));
    }
}
