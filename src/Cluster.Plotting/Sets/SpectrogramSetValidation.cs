namespace Cluster.Plotting;

/// <summary>Checks a <see cref="SpectrogramSetPlot"/> before drawing; errors name the row (index and label) and what is wrong.</summary>
internal static class SpectrogramSetValidation
{
    // DateTime's range, so that every accepted time can be labelled as UTC.
    private const double EarliestUnix = -62135596800, LatestUnix = 253402300799;

    public static void Validate(SpectrogramSetPlot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        if (plot.Rows is null || plot.Rows.Count == 0)
            throw new ArgumentException("spectrogram set has no rows");
        RequireTimeRange(plot.TimeMin, plot.TimeMax, "TimeMin/TimeMax");
        if (plot.Zoom is { } zoom)
            RequireTimeRange(zoom.Start, zoom.End, "Zoom (Start, End)");
        for (var e = 0; e < plot.Events.Count; e++)
            if (!double.IsFinite(plot.Events[e]))
                throw new ArgumentException($"spectrogram set event {e} is {plot.Events[e]}; event times must be finite UNIX seconds");
        _ = Colormap.Get(plot.Colormap);
        for (var r = 0; r < plot.Rows.Count; r++)
            ValidateRow(plot.Rows[r], r);
    }

    private static void ValidateRow(SpectrogramSetRow row, int index)
    {
        var name = $"spectrogram set row {index}" + (string.IsNullOrEmpty(row?.Label) ? "" : $" (\"{row.Label}\")");
        if (row is null) throw new ArgumentException($"{name} is null");
        if (row.TimeUnix is null || row.Y is null || row.Values is null)
            throw new ArgumentException($"{name}: TimeUnix, Y and Values are required");
        if (row.TimeUnix.Length == 0 || row.Y.Length == 0)
            throw new ArgumentException($"{name}: needs at least one time and one Y value, got {row.TimeUnix.Length} times and {row.Y.Length} Y values");
        if (row.Values.Length != (long)row.Y.Length * row.TimeUnix.Length)
            throw new ArgumentException(
                $"{name}: Values has {row.Values.Length} entries, expected Y ({row.Y.Length}) × TimeUnix ({row.TimeUnix.Length}) = {(long)row.Y.Length * row.TimeUnix.Length}");
        RequireIncreasing(row.TimeUnix, name, "TimeUnix");
        RequireIncreasing(row.Y, name, "Y");
        RequireLimits(row.YMin, row.YMax, row.YScale, name, "YMin/YMax");
        RequireLimits(row.ZMin, row.ZMax, row.ZScale, name, "ZMin/ZMax");
        if (row.YScale == AxisScale.Log && !(row.Y[0] > 0))
            throw new ArgumentException($"{name}: a log Y axis needs positive Y values, but Y[0] = {row.Y[0]}");
    }

    private static void RequireTimeRange(double start, double end, string what)
    {
        if (!double.IsFinite(start) || !double.IsFinite(end) || !(start < end))
            throw new ArgumentException($"spectrogram set {what} must be finite with start < end, got [{start}, {end}]");
        if (start < EarliestUnix || end > LatestUnix)
            throw new ArgumentException($"spectrogram set {what} [{start}, {end}] is outside the UNIX times of years 1 to 9999");
    }

    private static void RequireLimits(double min, double max, AxisScale scale, string name, string what)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max))
            throw new ArgumentException($"{name}: {what} must be finite with min < max, got [{min}, {max}]");
        if (scale == AxisScale.Log && !(min > 0))
            throw new ArgumentException($"{name}: {what} on a log scale must be positive, got [{min}, {max}]");
    }

    private static void RequireIncreasing(double[] axis, string name, string axisName)
    {
        for (var i = 0; i < axis.Length; i++)
        {
            if (!double.IsFinite(axis[i]))
                throw new ArgumentException($"{name}: {axisName}[{i}] is {axis[i]}; axis values must be finite");
            if (i > 0 && !(axis[i] > axis[i - 1]))
                throw new ArgumentException($"{name}: {axisName} must increase, but [{i - 1}] = {axis[i - 1]} and [{i}] = {axis[i]}");
        }
    }
}
