namespace Cluster.Plotting;

/// <summary>Labelled (major) tick positions, their step, and unlabelled minor ticks.</summary>
public sealed record TickSet(IReadOnlyList<double> Values, double Step)
{
    private readonly IReadOnlyList<string>? _labels;

    /// <summary>
    /// One label per value. Unless given (log decades, UTC times), formatted compactly with just the decimals
    /// <see cref="Step"/> needs.
    /// </summary>
    public IReadOnlyList<string> Labels
    {
        get => _labels ?? Values.Select(v => TickFormatter.Format(v, Step)).ToArray();
        init
        {
            if (value.Count != Values.Count)
                throw new ArgumentException($"{value.Count} tick labels for {Values.Count} ticks");
            _labels = value;
        }
    }

    /// <summary>Shorter, unlabelled ticks between the labelled ones (log axes: 2..9 × 10^k).</summary>
    public IReadOnlyList<double> Minor { get; init; } = [];
}

/// <summary>Chooses "nice" ticks: the smallest step of 1, 2 or 5 × 10^k that gives at most maxTicks ticks.</summary>
public static class TickLocator
{
    public const int DefaultMaxTicks = 8;

    private static readonly int[] Multipliers = [1, 2, 5, 10, 20, 50];

    /// <summary>Ticks for <paramref name="range"/>: 1-2-5 steps on linear axes, decades on log axes (<see cref="LogTickLocator"/>).</summary>
    public static TickSet Locate(AxisRange range, int maxTicks = DefaultMaxTicks) =>
        range.Scale == AxisScale.Log ? LogTickLocator.Locate(range.Min, range.Max, maxTicks) : Locate(range.Min, range.Max, maxTicks);

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
    internal static double Decimal(long mantissa, int exponent) =>
        exponent >= 0 ? mantissa * Math.Pow(10, exponent) : mantissa / Math.Pow(10, -exponent);
}
