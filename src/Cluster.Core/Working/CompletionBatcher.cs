using System.Threading.Channels;
using Cluster.Core.Work;

namespace Cluster.Core.Working;

/// <summary>
/// Acknowledges finished items to the store in batches: while one <see cref="IWorkStore.CompleteManyAsync"/> is in
/// flight, the completions that arrive meanwhile gather for the next one. No artificial delay: a lone completion goes
/// out at once, and under load the batches grow by themselves.
/// </summary>
internal sealed class CompletionBatcher : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly IWorkStore _store;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _flusher;

    public CompletionBatcher(IWorkStore store)
    {
        _store = store;
        _flusher = Task.Run(FlushLoopAsync);
    }

    /// <summary>True when the item completed; false when its lease had been lost to a newer attempt.</summary>
    public Task<bool> CompleteAsync(ItemCompletion completion)
    {
        var pending = new Pending(completion, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
            throw new InvalidOperationException("the worker is shutting down; completions are no longer accepted");
        return pending.Result.Task;
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                batch.Add(next);
            try
            {
                var completed = await _store.CompleteManyAsync(batch.Select(p => p.Completion).ToList(), CancellationToken.None);
                foreach (var pending in batch)
                    pending.Result.SetResult(completed.Contains(pending.Completion.Token));
            }
            catch (Exception e)
            {
                // Each waiting item sees the store's failure as its own.
                foreach (var pending in batch)
                    pending.Result.SetException(e);
            }
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _flusher;
    }

    private sealed record Pending(ItemCompletion Completion, TaskCompletionSource<bool> Result);
}
