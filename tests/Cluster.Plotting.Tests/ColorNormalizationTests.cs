namespace Cluster.Plotting.Tests;

public class ColorNormalizationTests
{
    [Fact]
    public void Linear_defaults_to_finite_min_and_max()
    {
        var n = ColorNormalization.FromData([3f, float.NaN, -1f, float.PositiveInfinity, 7f], ColorScale.Linear);
        Assert.Equal((-1.0, 7.0), (n.VMin, n.VMax));
        Assert.Equal(0.5, n.Normalize(3));
        Assert.True(double.IsNaN(n.Normalize(double.NaN)));
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
