using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>Every suitcase example through the kind: valid NXstxm, values as the documents hold them, a quick look.</summary>
public class NxstxmExampleTests
{
    public static TheoryData<string> Examples() => new(StxmExampleReference.Files);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_converts_to_a_valid_file_whose_values_equal_the_documents(string name)
    {
        using var dir = new TempDirectory();
        var result = NxstxmRuns.Convert(StxmExampleReference.PathOf(name), dir.Path);

        Assert.Equal([$"{name}.hdf5", $"{name}.png"], result.Artifacts.Select(a => a.Name));
        Assert.Equal([$"{name}.hdf5", $"{name}.png"], NxstxmRuns.Files(dir.Path));
        var hdf5 = dir.File(name + ".hdf5");

        var (strict, strictReport) = NexusValidator.Validate(hdf5, "--strict");
        Assert.True(strict == 0, strictReport);
        var reference = StxmExampleReference.Read(name);
        var (mantis, mantisReport) = NexusValidator.Validate(hdf5, "--strict", "--profile", "mantis");
        if (NexusValidator.NotForMantis.Contains(name))
        {
            // Exactly one warning per entry, and it is the MANTiS axes rule these scan types cannot meet (docs/nxstxm.md).
            var warnings = mantisReport.Split('\n').Where(l => l.StartsWith("WARNING")).ToList();
            Assert.Equal(reference.Count, warnings.Count);
            Assert.All(warnings, w => Assert.Contains("[MANTiS] @axes", w));
            Assert.Contains($"0 error(s), {reference.Count} warning(s)", mantisReport);
        }
        else
            Assert.True(mantis == 0, mantisReport);

        // h5py reads back what the documents hold (the reference is laid out by an independent Python reading).
        var read = Python.Run("""
            import sys, json, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            out = {}
            for e in f:
                d = f[e]['counter0']
                out[e] = {'shape': list(d['data'].shape), 'data': [None if np.isnan(v) else float(v) for v in d['data'][()].ravel()],
                          'energy': d['energy'][()].tolist(), 'flat': [None if np.isnan(v) else float(v) for v in f[e]['instrument/counter0/data'][()]],
                          'x': f[e]['instrument/sample_x/data'][()].tolist()}
            print(json.dumps(out))
            """, hdf5);
        using var doc = JsonDocument.Parse(read);
        Assert.Equal(reference.Keys.Order(), doc.RootElement.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (entry, expected) in reference)
        {
            var actual = doc.RootElement.GetProperty(entry);
            Assert.Equal(expected.Shape, actual.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()));
            Same(expected.Data, actual.GetProperty("data"), $"{name}/{entry}/counter0/data");
            Same(expected.Data, actual.GetProperty("flat"), $"{name}/{entry}/instrument/counter0/data");
            Same(expected.Energies, actual.GetProperty("energy"), $"{name}/{entry}/counter0/energy");
            Same(expected.PointSampleX, actual.GetProperty("x"), $"{name}/{entry}/instrument/sample_x/data");
        }

        var png = Python.Run("import sys; from PIL import Image; im = Image.open(sys.argv[1]); print(im.format, im.size[0], im.size[1])", dir.File(name + ".png"));
        Assert.Equal("PNG 900 750", png.Trim());
    }

    private static void Same(double[] expected, JsonElement actual, string what)
    {
        var values = actual.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble()).ToArray();
        Assert.True(expected.Length == values.Length, $"{what}: {values.Length} values, expected {expected.Length}");
        for (var i = 0; i < values.Length; i++)
            Assert.True(expected[i].Equals(values[i]), $"{what}[{i}] = {values[i]}, expected {expected[i]}");
    }
}
