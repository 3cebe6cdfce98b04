namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// The zoom column's time window, from the events: one event -> centred on it, <c>zoom_minutes</c> long; two or
/// more -> centred between the first two, max(zoom_minutes, 1.5 x their gap) long, so both lines show with margin.
/// A time t is inside when start &lt;= t &lt;= end (both ends inclusive).
/// </summary>
public readonly record struct ZoomWindow(double Start, double End)
{
    /// <summary>Null without events.</summary>
    public static ZoomWindow? For(IReadOnlyList<double> events, double zoomMinutes)
    {
        if (events.Count == 0) return null;
        var requested = zoomMinutes * 60;
        double centre, duration;
        if (events.Count == 1)
        {
            centre = events[0];
            duration = requested;
        }
        else
        {
            centre = 0.5 * (events[0] + events[1]);
            duration = Math.Max(requested, 1.5 * Math.Abs(events[1] - events[0]));
        }
        return Centred(centre, duration);
    }

    public static ZoomWindow Centred(double centre, double duration) => new(centre - duration / 2, centre + duration / 2);

    public double Duration => End - Start;

    public bool Contains(double time) => time >= Start && time <= End;

    /// <summary>Indices of <paramref name="times"/> inside the window.</summary>
    public IReadOnlyList<int> Select(ReadOnlySpan<double> times)
    {
        var kept = new List<int>();
        for (var i = 0; i < times.Length; i++)
            if (Contains(times[i])) kept.Add(i);
        return kept;
    }
}
