namespace Cluster.Plotting;

/// <summary>
/// The data interval an axis spans. <see cref="Fraction"/> is 0 at Min and 1 at Max, linear in the value or,
/// for <see cref="AxisScale.Log"/>, linear in log10 of the value.
/// </summary>
public readonly record struct AxisRange
{
    public double Min { get; }
    public double Max { get; }
    public AxisScale Scale { get; }

    // Min and Max in the axis's own domain (log10 for log axes), computed once: Fraction runs per pixel.
    private readonly double _low;
    private readonly double _high;

    public AxisRange(double min, double max) : this(min, max, AxisScale.Linear) { }

    public AxisRange(double min, double max, AxisScale scale)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
            throw new ArgumentException($"axis range must be finite with min < max, got [{min}, {max}]");
        if (scale == AxisScale.Log && !(min > 0))
            throw new ArgumentException($"a log axis needs positive limits, got [{min}, {max}]");
        Min = min;
        Max = max;
        Scale = scale;
        _low = ToAxisDomain(min, scale);
        _high = ToAxisDomain(max, scale);
    }

    /// <summary>Max − Min in data units.</summary>
    public double Span => Max - Min;

    /// <summary>Min in the axis's domain: the value itself, or log10 of it on a log axis.</summary>
    public double DomainMin => _low;

    /// <summary>Max in the axis's domain: the value itself, or log10 of it on a log axis.</summary>
    public double DomainMax => _high;

    /// <summary>A value in the axis's domain (log10 on log axes; values ≤ 0 give −∞ there).</summary>
    public double ToDomain(double value) => ToAxisDomain(value, Scale);

    public double Fraction(double value) => (ToDomain(value) - _low) / (_high - _low);

    public bool Contains(double value) => value >= Min && value <= Max;

    private static double ToAxisDomain(double value, AxisScale scale) =>
        scale == AxisScale.Log ? value > 0 ? Math.Log10(value) : double.IsNaN(value) ? double.NaN : double.NegativeInfinity : value;
}
