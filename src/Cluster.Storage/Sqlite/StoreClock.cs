namespace Cluster.Storage.Sqlite;

/// <summary>
/// Embedded-mode clock: UTC unix microseconds, strictly increasing within the process so "most recently completed"
/// and log order never tie, even when two transitions land in the same microsecond.
/// </summary>
internal static class StoreClock
{
    private static long _last;

    public static long NowMicros()
    {
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
                return next;
        }
    }

    public static long Micros(TimeSpan span) => span.Ticks / 10;

    public static DateTimeOffset ToTime(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
