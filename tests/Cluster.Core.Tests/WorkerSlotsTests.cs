using Cluster.Core.Working;

namespace Cluster.Core.Tests;

/// <summary>An item that must run alone waits for the running items only, not for the queue of single-slot items.</summary>
public class WorkerSlotsTests
{
    [Fact]
    public async Task An_item_that_runs_alone_goes_before_the_queued_items_and_gets_every_slot()
    {
        var slots = new WorkerSlots(2);
        Assert.Equal(1, await slots.TakeAsync(alone: false, CancellationToken.None));
        Assert.Equal(1, await slots.TakeAsync(alone: false, CancellationToken.None));
        var queued = Enumerable.Range(0, 3).Select(_ => slots.TakeAsync(alone: false, CancellationToken.None)).ToList();
        var alone = slots.TakeAsync(alone: true, CancellationToken.None);

        slots.Release(1);
        Assert.False(alone.IsCompleted);
        Assert.All(queued, q => Assert.False(q.IsCompleted));
        slots.Release(1);
        Assert.Equal(2, await alone.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.All(queued, q => Assert.False(q.IsCompleted));

        slots.Release(2);
        await Task.WhenAll(queued[0], queued[1]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(queued[2].IsCompleted);
        slots.Release(1);
        Assert.Equal(1, await queued[2].WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_cancelled_wait_to_run_alone_lets_the_single_slots_go()
    {
        var slots = new WorkerSlots(2);
        await slots.TakeAsync(alone: false, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var alone = slots.TakeAsync(alone: true, cancel.Token);
        var single = slots.TakeAsync(alone: false, CancellationToken.None);
        Assert.False(single.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alone);
        Assert.Equal(1, await single.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
