namespace Cluster.Processors.SpectrogramSet;

public enum RoundingDirection
{
    Down,
    Up,
}

/// <summary>
/// Rounds a colour limit outward to two significant digits (1234 up -> 1300, 0.0123 down -> 0.012), as the batch
/// plotting seed does for campaign-wide limits, so the colourbars of many figures end on clean numbers.
/// </summary>
public static class LimitRounding
{
    public static double Round(double value, RoundingDirection direction)
    {
        if (value == 0 || !double.IsFinite(value)) return value;
        var factor = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(value))) - 1);
        return direction == RoundingDirection.Up ? Math.Ceiling(value / factor) * factor : Math.Floor(value / factor) * factor;
    }
}
