using System.Diagnostics;

namespace Cluster.Storage.Postgres;

/// <summary>
/// Sends at most one wake-up per <see cref="Interval"/>: the first signal in a quiet period is sent at once; signals
/// inside the interval share one deferred send at its end, and their callers await it, so a failed NOTIFY surfaces
/// to them instead of vanishing. Expand of a 100,000-item run plus a burst of releases costs one or two NOTIFYs.
/// </summary>
internal sealed class DebouncedNotifier(Func<CancellationToken, Task> send)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private long _lastSent = long.MinValue;
    private Task? _deferred;

    public Task SignalAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_deferred is { IsCompleted: false } pending)
                return pending;
            var now = Stopwatch.GetTimestamp();
            var wait = _lastSent == long.MinValue ? TimeSpan.Zero : Interval - Stopwatch.GetElapsedTime(_lastSent, now);
            if (wait <= TimeSpan.Zero)
            {
                _lastSent = now;
                return send(ct);
            }
            _deferred = SendLaterAsync(wait);
            return _deferred;
        }
    }

    private async Task SendLaterAsync(TimeSpan wait)
    {
        await Task.Delay(wait).ConfigureAwait(false);
        lock (_gate) _lastSent = Stopwatch.GetTimestamp();
        // Not the caller's token: the deferred send serves every caller that joined it.
        await send(CancellationToken.None).ConfigureAwait(false);
    }
}
