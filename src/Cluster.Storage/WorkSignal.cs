namespace Cluster.Storage;

/// <summary>
/// A broadcast pulse: every waiter that started waiting before <see cref="Pulse"/> is released. Waiting after a
/// pulse waits for the next one (a missed pulse only costs the caller's poll timeout).
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _next = NewSource();

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Completes at the next pulse or when <paramref name="timeout"/> passes; cancellation throws.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var pulse = Volatile.Read(ref _next).Task;
        try
        {
            await pulse.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A timeout is the poll interval passing: the caller simply tries to claim again.
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
