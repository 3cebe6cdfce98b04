namespace Cluster.Core.Working;

/// <summary>
/// A step that talks to the infrastructure (the ledger, the artifact store), not to the item: when it fails, the
/// dependency is away for a while, so the step is tried again with a bounded backoff (0.25 s doubling to 5 s) until it
/// succeeds or the item's token is cancelled (lease lost, drain over). The item's attempt is not spent on it.
/// </summary>
public static class InfrastructureRetry
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <param name="failed">Told about each failure with its try number (1, 2, ...): log the first, not every one.</param>
    /// <param name="itemFault">Failures that are the item's own (an input object that does not exist): not retried.</param>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> step, Action<Exception, int> failed, CancellationToken ct,
        Func<Exception, bool>? itemFault = null)
    {
        var delay = FirstDelay;
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await step(ct);
            }
            catch (Exception e) when (e is not OutOfMemoryException && itemFault?.Invoke(e) != true)
            {
                // Cancelled meanwhile (the lease was lost, the drain ended): whatever the step threw on its way out, the
                // caller's answer is the cancellation.
                ct.ThrowIfCancellationRequested();
                failed(e, tries);
            }
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
        }
    }
}
