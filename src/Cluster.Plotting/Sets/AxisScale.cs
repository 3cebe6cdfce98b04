namespace Cluster.Plotting;

/// <summary>How an axis (or a colour scale) maps values to positions.</summary>
public enum AxisScale
{
    Linear,

    /// <summary>Positions are linear in log10(value); values ≤ 0 are outside the axis (and take the lowest colour).</summary>
    Log,
}
