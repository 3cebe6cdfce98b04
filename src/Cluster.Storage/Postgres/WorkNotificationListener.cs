using Npgsql;

namespace Cluster.Storage.Postgres;

/// <summary>
/// One dedicated connection per store that LISTENs on <see cref="Channel"/> and pulses a <see cref="WorkSignal"/> for
/// every notification. Opened on first use; when the connection breaks it reconnects after a short pause (a missed
/// NOTIFY only costs the waiters' poll timeout).
/// </summary>
internal sealed class WorkNotificationListener(string connectionString) : IAsyncDisposable
{
    public const string Channel = "cluster_work";
    private static readonly TimeSpan ReconnectPause = TimeSpan.FromMilliseconds(500);

    private readonly WorkSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource? _listening;
    private Task? _loop;

    /// <summary>The last connection failure, kept so <see cref="WaitAsync"/> can report why wake-ups are not arriving.</summary>
    private Exception? _lastFailure;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var listening = EnsureStarted();
        var started = DateTime.UtcNow;
        // The first wait must not return before LISTEN is in place, or a NOTIFY right after it would be missed.
        var ready = await Task.WhenAny(listening, Task.Delay(timeout, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (ready != listening)
        {
            if (_lastFailure is { } failure)
                throw new InvalidOperationException($"work store: cannot LISTEN {Channel}: {failure.Message}", failure);
            return;
        }
        var left = timeout - (DateTime.UtcNow - started);
        if (left > TimeSpan.Zero)
            await _signal.WaitAsync(left, ct).ConfigureAwait(false);
    }

    private Task EnsureStarted()
    {
        lock (_gate)
        {
            if (_listening is null)
            {
                _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _loop = Task.Run(() => ListenLoopAsync(_stop.Token));
            }
            return _listening.Task;
        }
    }

    private async Task ListenLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => _signal.Pulse();
                await connection.OpenAsync(stop).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                _lastFailure = null;
                _listening!.TrySetResult();
                // Work may have been enqueued while we were disconnected.
                _signal.Pulse();
                while (!stop.IsCancellationRequested)
                    await connection.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                // Handled by reconnecting; the failure is kept for WaitAsync to report while no connection exists.
                _lastFailure = e;
                try { await Task.Delay(ReconnectPause, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
            await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
