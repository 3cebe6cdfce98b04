namespace Cluster.Storage;

/// <summary>
/// Delay before a rescued item may be claimed again: <c>backoff * 2^(attempts-1) * (1 + jitter)</c>, jitter in [0, 0.5),
/// so workers that crashed together do not retry in lockstep. PostgreSQL computes the same formula in SQL.
/// </summary>
internal static class RescueBackoff
{
    /// <summary>Doubling stops here so a long-failing item never overflows the timestamp.</summary>
    public const int MaxDoublings = 20;

    public static TimeSpan Delay(TimeSpan backoff, int attempts, double jitter) =>
        backoff * Math.Pow(2, Math.Clamp(attempts - 1, 0, MaxDoublings)) * (1 + jitter);
}
