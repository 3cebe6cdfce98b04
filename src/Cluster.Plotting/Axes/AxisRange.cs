namespace Cluster.Plotting;

/// <summary>The data interval an axis spans, linear. <see cref="Fraction"/> is 0 at Min and 1 at Max.</summary>
public readonly record struct AxisRange
{
    public double Min { get; }
    public double Max { get; }

    public AxisRange(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min))
            throw new ArgumentException($"axis range must be finite with min < max, got [{min}, {max}]");
        Min = min;
        Max = max;
    }

    public double Span => Max - Min;

    public double Fraction(double value) => (value - Min) / (Max - Min);

    public bool Contains(double value) => value >= Min && value <= Max;
}
