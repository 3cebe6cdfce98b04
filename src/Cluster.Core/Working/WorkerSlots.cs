namespace Cluster.Core.Working;

/// <summary>
/// A worker's slots. An item takes one; an item whose holder died takes all of them, to run alone (see
/// <see cref="Worker"/>), and goes before every item waiting for a single slot, so it waits only for the items already
/// running, not for the worker's whole queue. Waiters of each kind are served in arrival order.
/// </summary>
public sealed class WorkerSlots
{
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _alone = [];
    private readonly LinkedList<Waiter> _single = [];
    private readonly int _count;
    private int _free;

    public WorkerSlots(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = _free = count;
    }

    /// <returns>The slots taken (1, or all of them when <paramref name="alone"/>): give them back with <see cref="Release"/>.</returns>
    public async Task<int> TakeAsync(bool alone, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var waiter = new Waiter(alone ? _count : 1);
        lock (_lock)
        {
            waiter.Node = (alone ? _alone : _single).AddLast(waiter);
            Grant();
        }
        await using (ct.Register(() => Cancel(waiter, ct)))
            await waiter.Ready.Task;
        return waiter.Slots;
    }

    public void Release(int slots)
    {
        if (slots <= 0) return;
        lock (_lock)
        {
            _free += slots;
            Grant();
        }
    }

    /// <summary>Under the lock: items that run alone first, once every slot is free; single slots only when none waits.</summary>
    private void Grant()
    {
        while (_alone.First is { } first)
        {
            if (_free < _count) return;
            _free = 0;
            Dequeue(first.Value).Ready.TrySetResult();
        }
        while (_free > 0 && _single.First is { } next)
        {
            _free--;
            Dequeue(next.Value).Ready.TrySetResult();
        }
    }

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_lock)
        {
            // Already granted: the caller holds the slots and gives them back itself.
            if (waiter.Node?.List is null) return;
            Dequeue(waiter);
            waiter.Ready.TrySetCanceled(ct);
            // An item that was to run alone held the single slots back.
            Grant();
        }
    }

    private Waiter Dequeue(Waiter waiter)
    {
        waiter.Node!.List!.Remove(waiter.Node);
        return waiter;
    }

    private sealed class Waiter(int slots)
    {
        public int Slots { get; } = slots;
        public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
