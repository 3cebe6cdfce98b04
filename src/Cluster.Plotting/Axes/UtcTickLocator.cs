using System.Globalization;

namespace Cluster.Plotting;

/// <summary>
/// Ticks for a time axis in UNIX seconds, labelled as UTC clock times at round steps: 1/2/5/10/15/30 s,
/// 1/2/5/10/15/30 min, 1/2/3/6/12 h, then 1/2/5/10 … days; below a second, 1-2-5 × 10^k s.
/// </summary>
public static class UtcTickLocator
{
    private const double Minute = 60, Hour = 3600, Day = 86400;

    private static readonly double[] ClockSteps =
    [
        1, 2, 5, 10, 15, 30,
        Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute,
        Hour, 2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour,
    ];

    /// <summary>
    /// The smallest round step that gives at most <paramref name="maxTicks"/> ticks. Ticks are multiples of the
    /// step counted from the UNIX epoch, so they fall on round UTC times (every step divides a day).
    /// Labels: "HH:mm:ss.f" below a second, "HH:mm:ss" below a minute, "HH:mm" below a day, else "yyyy-MM-dd".
    /// </summary>
    public static TickSet Locate(double minUnix, double maxUnix, int maxTicks = TickLocator.DefaultMaxTicks)
    {
        if (!double.IsFinite(minUnix) || !double.IsFinite(maxUnix) || !(maxUnix > minUnix))
            throw new ArgumentException($"time range must be finite with min < max, got [{minUnix}, {maxUnix}]");
        if (maxTicks < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), $"need room for at least 2 ticks, got {maxTicks}");

        foreach (var step in Steps(maxUnix - minUnix, maxTicks))
        {
            var first = Math.Ceiling(minUnix / step - 1e-9);
            var last = Math.Floor(maxUnix / step + 1e-9);
            if (last - first + 1 > maxTicks) continue;
            var values = new double[(int)(last - first + 1)];
            for (var k = 0; k < values.Length; k++)
                values[k] = step >= 1 ? (first + k) * step : Math.Round((first + k) * step, Decimals(step));
            return new TickSet(values, step) { Labels = values.Select(v => Format(v, step)).ToArray() };
        }
        throw new InvalidOperationException($"no time tick step found for [{minUnix}, {maxUnix}]");
    }

    /// <summary>Candidate steps in increasing order, starting from the smallest that could fit.</summary>
    private static IEnumerable<double> Steps(double span, int maxTicks)
    {
        var smallest = span / maxTicks;
        if (smallest < 1)
        {
            var exponent = (int)Math.Floor(Math.Log10(smallest));
            for (; exponent < 0; exponent++)
                foreach (var multiplier in new[] { 1, 2, 5 })
                    yield return TickLocator.Decimal(multiplier, exponent);
        }
        foreach (var step in ClockSteps)
            if (step >= smallest) yield return step;
        for (var days = 1.0; ; days *= 10)
        {
            yield return days * Day;
            yield return 2 * days * Day;
            yield return 5 * days * Day;
        }
    }

    /// <summary>The tick label of <paramref name="unixSeconds"/> for ticks <paramref name="step"/> seconds apart.</summary>
    public static string Format(double unixSeconds, double step)
    {
        var time = ToUtc(unixSeconds);
        if (step >= Day) return time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (step >= Minute) return time.ToString("HH:mm", CultureInfo.InvariantCulture);
        if (step >= 1) return time.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return time.ToString("HH:mm:ss." + new string('f', Decimals(step)), CultureInfo.InvariantCulture);
    }

    /// <summary>"Time (UTC) from 1996-12-31 23:30:00": the axis label that dates the clock-time ticks.</summary>
    public static string AxisLabel(string prefix, double startUnix) =>
        $"{prefix} (UTC) from {ToUtc(startUnix).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}";

    public static DateTime ToUtc(double unixSeconds) =>
        DateTime.UnixEpoch.AddTicks((long)Math.Round(unixSeconds * TimeSpan.TicksPerSecond));

    private static int Decimals(double step) => Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 1, 7);
}
