using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

public class ColormapTests
{
    private static readonly string[] Names = ["viridis", "plasma", "magma", "inferno", "cividis", "gray"];

    [Fact]
    public void Every_lut_entry_equals_matplotlib()
    {
        const string script = """
            import sys, matplotlib, numpy as np
            for name in sys.argv[1:]:
                table = matplotlib.colormaps[name](np.arange(256), bytes=True)[:, :3]
                print(name, " ".join(str(v) for v in table.ravel()))
            """;
        var lines = Python.Run(script, Names).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Names.Length, lines.Length);
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var map = Colormap.Get(parts[0]);
            var expected = parts.Skip(1).Select(v => byte.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(3 * Colormap.Size, expected.Length);
            var actual = Enumerable.Range(0, Colormap.Size).SelectMany(i => new[] { map[i].R, map[i].G, map[i].B }).ToArray();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Map_of_fractions_picks_the_entry_matplotlib_picks()
    {
        double[] fractions = [0, 0.1, 0.3333, 0.5, 0.50196, 0.75, 0.999, 1];
        const string script = """
            import sys, matplotlib
            cmap = matplotlib.colormaps[sys.argv[1]]
            for t in sys.argv[2:]:
                print(" ".join(str(v) for v in cmap(float(t), bytes=True)[:3]))
            """;
        foreach (var name in new[] { "viridis", "magma", "gray" })
        {
            var args = new[] { name }.Concat(fractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture))).ToArray();
            var expected = Python.Run(script, args).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var map = Colormap.Get(name);
            for (var i = 0; i < fractions.Length; i++)
            {
                var (r, g, b) = map.Map(fractions[i]);
                Assert.Equal(expected[i], $"{r} {g} {b}");
            }
        }
    }

    [Fact]
    public void Unknown_name_lists_the_valid_names()
    {
        var error = Assert.Throws<ArgumentException>(() => Colormap.Get("jet"));
        Assert.Contains("jet", error.Message);
        foreach (var name in Names) Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Nan_maps_to_the_background_and_to_a_transparent_pixel()
    {
        var map = Colormap.Get("viridis");
        Assert.Equal((255, 255, 255), map.Map(double.NaN));
        Assert.Equal(0u, map.MapArgb32(double.NaN));
        Assert.Equal((68, 1, 84), map.Map(-3));
        Assert.Equal((253, 231, 36), map.Map(7));
    }
}
