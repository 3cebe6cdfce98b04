namespace Cluster.Plotting;

/// <summary>Tick positions at multiples of a 1-2-5 step.</summary>
public sealed record TickSet(IReadOnlyList<double> Values, double Step)
{
    /// <summary>Labels formatted compactly with just the decimals the step needs.</summary>
    public IReadOnlyList<string> Labels => Values.Select(v => TickFormatter.Format(v, Step)).ToArray();
}

/// <summary>Chooses "nice" ticks: the smallest step of 1, 2 or 5 × 10^k that gives at most maxTicks ticks.</summary>
public static class TickLocator
{
    public const int DefaultMaxTicks = 8;

    private static readonly int[] Multipliers = [1, 2, 5, 10, 20, 50];

    public static TickSet Locate(AxisRange range, int maxTicks = DefaultMaxTicks) => Locate(range.Min, range.Max, maxTicks);

    public static TickSet Locate(double min, double max, int maxTicks = DefaultMaxTicks)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
            throw new ArgumentException($"tick range must be finite with min < max, got [{min}, {max}]");
        if (maxTicks < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), $"need room for at least 2 ticks, got {maxTicks}");

        var exponent = (int)Math.Floor(Math.Log10((max - min) / maxTicks));
        foreach (var multiplier in Multipliers)
        {
            var step = Decimal(multiplier, exponent);
            // The tolerance keeps ticks that sit on an end of the range despite rounding (0.3 / 0.1 = 2.9999…).
            var first = (long)Math.Ceiling(min / step - 1e-9);
            var last = (long)Math.Floor(max / step + 1e-9);
            if (last - first + 1 > maxTicks) continue;
            var values = new double[last - first + 1];
            for (var k = first; k <= last; k++)
                values[k - first] = Decimal(k * multiplier, exponent) + 0.0; // + 0.0 turns -0 into 0
            return new TickSet(values, step);
        }
        throw new InvalidOperationException($"no tick step found for [{min}, {max}]");
    }

    // mantissa × 10^exponent, rounded once, so 3 × 10^-1 is 0.3 and not 0.30000000000000004.
    private static double Decimal(long mantissa, int exponent) =>
        exponent >= 0 ? mantissa * Math.Pow(10, exponent) : mantissa / Math.Pow(10, -exponent);
}
