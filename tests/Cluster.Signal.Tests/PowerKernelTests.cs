using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>The vectorised dB conversion against Math.Log10, including the iqtools floor for W &lt;= 0.</summary>
public sealed class PowerKernelTests
{
    [Fact]
    public void Watts_to_dbm_matches_log10_over_the_whole_range()
    {
        var watts = new List<float> { 0f, -1f, 1e-30f, 1e-3f, 1f };
        for (var exponent = -36.0; exponent <= 6; exponent += 0.173)
            watts.Add((float)Math.Pow(10, exponent));
        var values = watts.ToArray();
        PowerKernels.WattsToDbm(values);
        for (var i = 0; i < values.Length; i++)
        {
            var w = watts[i] > 0 ? watts[i] : 1e-30;
            Assert.Equal(10 * Math.Log10(w * 1000), values[i], 1e-4);
        }
        Assert.Equal(-270, values[0], 1e-4);
        Assert.Equal(0, values[3], 1e-5);
    }

    [Fact]
    public void Nan_power_stays_nan_instead_of_taking_the_floor_in_the_vector_and_the_scalar_path()
    {
        // 19 values: two full 8-wide vectors and a scalar tail of 3; NaN in both parts, infinity in both.
        var values = new float[19];
        Array.Fill(values, 1e-3f);
        values[2] = float.NaN;
        values[5] = float.PositiveInfinity;
        values[17] = float.NaN;
        values[18] = float.PositiveInfinity;
        values[9] = 0f;

        PowerKernels.WattsToDbm(values);

        Assert.True(float.IsNaN(values[2]) && float.IsNaN(values[17]), $"NaN became {values[2]} and {values[17]}");
        Assert.Equal(float.PositiveInfinity, values[5]);
        Assert.Equal(float.PositiveInfinity, values[18]);
        Assert.Equal(-270, values[9], 1e-4);
        Assert.Equal(0, values[0], 1e-5);
    }

    [Theory]
    [InlineData(WindowKind.Hann, 8, new[] { 0.0, 0.14644660940672627, 0.5, 0.8535533905932737, 1.0, 0.8535533905932737, 0.5, 0.14644660940672627 })]
    [InlineData(WindowKind.Blackman, 4, new[] { -1.3877787807814457e-17, 0.34, 0.9999999999999999, 0.34 })]
    [InlineData(WindowKind.Rect, 3, new[] { 1.0, 1, 1 })]
    public void Windows_are_scipy_periodic_windows(WindowKind kind, int length, double[] scipy)
    {
        // Values printed by scipy.signal.get_window(name, length).
        var w = WindowFunction.Coefficients(kind, length);
        Assert.Equal(scipy.Length, w.Length);
        for (var i = 0; i < length; i++)
            Assert.Equal(scipy[i], w[i], 1e-15);
    }

    [Theory]
    [InlineData(WindowKind.Hann, 1024)]
    [InlineData(WindowKind.Blackman, 1024)]
    [InlineData(WindowKind.Hann, 65536)]
    [InlineData(WindowKind.Blackman, 4096)]
    public void Long_windows_agree_with_scipy_within_a_few_ulps(WindowKind kind, int length)
    {
        var scipy = Python.Run("""
            import sys
            from scipy.signal import get_window
            print("\n".join(repr(float(v)) for v in get_window(sys.argv[1], int(sys.argv[2]))))
            """, kind.Name(), length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var w = WindowFunction.Coefficients(kind, length);
        Assert.Equal(length, scipy.Length);
        var worst = Enumerable.Range(0, length).Max(i => Math.Abs(w[i] - scipy[i]));
        Assert.True(worst < 1e-15, $"{kind.Name()} {length}: largest difference from scipy {worst:E2}");
    }
}
