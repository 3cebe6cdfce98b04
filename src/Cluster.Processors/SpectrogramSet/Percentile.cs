namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// Percentiles as numpy's default ("linear", Hyndman and Fan type 7) computes them, to the last bit: virtual index
/// (n - 1) * q / 100 into the sorted values, interpolated with numpy's two-sided lerp. Only finite values count:
/// NaN (no data) and ±inf are left out, i.e. the result equals <c>np.percentile(a[np.isfinite(a)], q)</c>.
/// (<c>np.nanpercentile</c> keeps infinities and then returns NaN or inf for most q, which no colour scale can use.)
/// </summary>
public static class Percentile
{
    /// <summary>The finite values of <paramref name="values"/>, sorted ascending (the input is not changed).</summary>
    public static double[] SortedFinite(ReadOnlySpan<double> values)
    {
        var finite = new double[values.Length];
        var n = 0;
        foreach (var v in values)
            if (double.IsFinite(v)) finite[n++] = v;
        Array.Resize(ref finite, n);
        Array.Sort(finite);
        return finite;
    }

    /// <summary>The <paramref name="q"/>-th percentile (0..100) of ascending finite values; NaN when there are none.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (!(q >= 0 && q <= 100)) throw new ArgumentOutOfRangeException(nameof(q), q, "a percentile is between 0 and 100");
        if (sorted.Length == 0) return double.NaN;
        var virtualIndex = (sorted.Length - 1) * (q / 100.0);
        var previous = Math.Floor(virtualIndex);
        var below = (int)Math.Clamp(previous, 0, sorted.Length - 1);
        var above = (int)Math.Clamp(previous + 1, 0, sorted.Length - 1);
        var gamma = virtualIndex - previous;
        return Lerp(sorted[below], sorted[above], gamma);
    }

    /// <summary>The <paramref name="q"/>-th percentile of the finite values of <paramref name="values"/>.</summary>
    public static double OfFinite(ReadOnlySpan<double> values, double q) => OfSorted(SortedFinite(values), q);

    /// <summary>numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.</summary>
    private static double Lerp(double a, double b, double t)
    {
        var difference = b - a;
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
    }
}
