namespace Cluster.Formats.Catalog;

/// <summary>One row of <see cref="BeamtimeCatalog.Recent"/> or <see cref="BeamtimeCatalog.BySample"/>.</summary>
/// <param name="Uid">The run's uid (hex).</param>
/// <param name="PlanName">The bluesky plan that made it.</param>
/// <param name="TimeStart">Unix seconds, as the catalog stores it.</param>
/// <param name="TimeStop">Unix seconds; null while the run is still going (or was never closed).</param>
/// <param name="ExitStatus">success, abort, fail... (null while open).</param>
/// <param name="SampleName">Null for a run without a sample.</param>
public sealed record CatalogRunSummary(string Uid, string PlanName, double TimeStart, double? TimeStop, string? ExitStatus, string? SampleName)
{
    /// <summary>A run that has ended: RunWriter records the stop time and exit status together when it closes a run.</summary>
    public bool IsFinished => TimeStop is not null;

    public DateTimeOffset StartedAt => UnixSeconds.ToTime(TimeStart);
}

internal static class UnixSeconds
{
    public static DateTimeOffset ToTime(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    public static double FromTime(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
}
