namespace Cluster.Plotting.Tests;

public class ColorNormalizationTests
{
    [Fact]
    public void Linear_defaults_to_the_first_percentile_and_the_maximum_of_the_finite_values()
    {
        var n = ColorNormalization.FromData([3f, float.NaN, -1f, float.PositiveInfinity, 7f], ColorScale.Linear);
        // numpy: np.percentile([3, -1, 7], 1) = -1 + 0.02 * (3 - -1) = -0.92
        Assert.Equal(-0.92, n.VMin, 12);
        Assert.Equal(7.0, n.VMax);
        Assert.True(double.IsNaN(n.Normalize(double.NaN)));
    }

    [Fact]
    public void One_cell_at_the_floor_among_many_does_not_move_the_lower_limit()
    {
        // A psd spectrogram in dBm/Hz whose one bin came out 0 W and was drawn at the -270 floor.
        var values = Enumerable.Range(0, 10_000).Select(i => (float)(-205 + 130.0 * i / 9_999)).ToArray();
        values[1234] = -270;
        var n = ColorNormalization.FromData(values, ColorScale.Linear);
        Assert.InRange(n.VMin, -204, -203);
        Assert.Equal(-75, n.VMax, 4);
        var kept = ColorNormalization.FromData(values, ColorScale.Linear, vmin: -270);
        Assert.Equal(-270, kept.VMin);
    }

    [Fact]
    public void Percentiles_of_the_selected_cells_equal_numpys_on_ties_outliers_and_large_grids()
    {
        var random = new Random(8);
        var cases = new Dictionary<string, float[]>
        {
            ["noise_with_nan_inf"] = Enumerable.Range(0, 50_001).Select(i => i % 97 == 0 ? float.NaN : i % 101 == 0 ? float.NegativeInfinity : (float)(random.NextDouble() * 1e3 - 500)).ToArray(),
            // Most cells in one histogram bin (and many exactly equal): several narrowing passes.
            ["ties"] = Enumerable.Range(0, 200_000).Select(i => i % 3 == 0 ? 1f : i % 3 == 1 ? 1f + i * 1e-7f : 1e6f * (float)random.NextDouble()).ToArray(),
            ["floor_and_tone"] = Enumerable.Range(0, 65_536).Select(i => i < 300 ? -270f : i % 512 == 7 ? -71f : (float)(-205 + 3 * random.NextDouble())).ToArray(),
            ["two"] = [5f, -3f],
            ["constant"] = [2.5f, float.NaN, 2.5f, 2.5f],
        };
        using var temp = new Cluster.TestSupport.TempDirectory();
        foreach (var (name, values) in cases)
        {
            var path = temp.File(name + ".f32");
            File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            var numpy = Cluster.TestSupport.Python.Run("""
                import sys, numpy as np
                a = np.fromfile(sys.argv[1], dtype="<f4").astype(np.float64)
                a = a[np.isfinite(a)]
                print(" ".join(repr(float(np.percentile(a, q))) for q in (0, 1, 37.5, 99, 100)))
                """, path).Trim().Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var ours = new[] { 0, 1, 37.5, 99, 100 }.Select(q => SelectedPercentile.Of<ColorNormalization.FiniteCells>(values, q)).ToArray();
            Assert.Equal(numpy, ours);
        }
    }

    [Fact]
    public void Decibel_defaults_to_peak_and_eighty_db_below()
    {
        var wide = ColorNormalization.FromData([1e-12f, 0f, 1f, 1e-3f], ColorScale.Decibel);
        Assert.Equal(0, wide.VMax, 6);
        Assert.Equal(-80, wide.VMin, 6);
        Assert.Equal(0.5, wide.Normalize(1e-4), 6);
        Assert.Equal(0, wide.Normalize(0)); // floored, not NaN

        var narrow = ColorNormalization.FromData([1f, 10f, 100f], ColorScale.Decibel);
        Assert.Equal(0, narrow.VMin, 6);
        Assert.Equal(20, narrow.VMax, 6);
    }

    [Fact]
    public void Explicit_limits_win_and_bad_limits_are_rejected()
    {
        var n = ColorNormalization.FromData([1f, 2f], ColorScale.Decibel, vmin: -30, vmax: 10);
        Assert.Equal((-30.0, 10.0), (n.VMin, n.VMax));
        Assert.Throws<ArgumentException>(() => ColorNormalization.FromData([1f], ColorScale.Linear, vmin: 5, vmax: 5));
    }
}
