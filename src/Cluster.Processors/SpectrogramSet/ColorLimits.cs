using Cluster.Plotting;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>What decides one row's colour limits; null fields are not set.</summary>
/// <param name="VMin">Fixed lower limit instead of the 1st percentile.</param>
/// <param name="VMax">Fixed upper limit instead of the 99th percentile.</param>
/// <param name="ClampMin">Lowest allowed limit (the row's <c>z_min</c>, else the spec's): both limits are raised to it.</param>
/// <param name="ClampMax">Highest allowed limit (the row's <c>z_max</c>, else the spec's): both limits are lowered to it.</param>
/// <param name="RoundPercentiles">Round percentile limits outward to two significant digits.</param>
public sealed record ColorLimitRule(double? VMin, double? VMax, double? ClampMin, double? ClampMax, AxisScale Scale, bool RoundPercentiles = false);

/// <summary>
/// A row's colour limits, in this order: the 1st and 99th percentiles of the row's finite values (numpy linear),
/// unless <c>vmin</c>/<c>vmax</c> fix them; optionally rounded outward; clamped into [z_min, z_max]; on a log scale
/// the lower limit becomes max(lower, smallest positive value, 1e-10). Finally, when the upper limit is not above the
/// lower one (a constant row, or clamps that cross), a linear range becomes upper ± 10 % (±0.1 around 0), as
/// matplotlib's colorbar does, and a log range becomes [lower, 10 x lower], keeping the floor.
/// </summary>
public static class ColorLimits
{
    public const double LogFloor = 1e-10;

    public static (double Lower, double Upper) Resolve(ReadOnlySpan<double> values, ColorLimitRule rule)
    {
        var sorted = rule.VMin is null || rule.VMax is null ? Percentile.SortedFinite(values) : [];
        var lower = rule.VMin ?? Round(Percentile.OfSorted(sorted, 1), RoundingDirection.Down, rule.RoundPercentiles);
        var upper = rule.VMax ?? Round(Percentile.OfSorted(sorted, 99), RoundingDirection.Up, rule.RoundPercentiles);
        if (rule.ClampMin is { } floor)
        {
            lower = Math.Max(lower, floor);
            upper = Math.Max(upper, floor);
        }
        if (rule.ClampMax is { } ceiling)
        {
            lower = Math.Min(lower, ceiling);
            upper = Math.Min(upper, ceiling);
        }
        if (rule.Scale == AxisScale.Log)
            lower = Math.Max(Math.Max(lower, SmallestPositive(values) ?? LogFloor), LogFloor);
        return Nonsingular(lower, upper, rule.Scale);
    }

    /// <summary>
    /// The values as the figure gets them: on a linear scale NaN and -inf take the lower limit and +inf the upper; on
    /// a log scale NaN, -inf and values &lt;= 0 take the lower limit (the log floor) and +inf the upper.
    /// </summary>
    public static double[] Floored(ReadOnlySpan<double> values, double lower, double upper, AxisScale scale)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            result[i] = double.IsPositiveInfinity(v) ? upper
                : double.IsNaN(v) || double.IsNegativeInfinity(v) || (scale == AxisScale.Log && v <= 0) ? lower
                : v;
        }
        return result;
    }

    public static double? SmallestPositive(ReadOnlySpan<double> values)
    {
        var smallest = double.PositiveInfinity;
        foreach (var v in values)
            if (v > 0 && v < smallest) smallest = v;
        return double.IsPositiveInfinity(smallest) ? null : smallest;
    }

    private static double Round(double value, RoundingDirection direction, bool round) =>
        round ? LimitRounding.Round(value, direction) : value;

    /// <summary>On a log scale the lower limit is the floor the values were raised to: it stays, the upper goes a decade above.</summary>
    private static (double, double) Nonsingular(double lower, double upper, AxisScale scale)
    {
        if (upper > lower) return (lower, upper);
        if (scale == AxisScale.Log) return (lower, 10 * lower);
        return upper == 0 ? (-0.1, 0.1) : (upper - 0.1 * Math.Abs(upper), upper + 0.1 * Math.Abs(upper));
    }
}
