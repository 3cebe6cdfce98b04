using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Processors;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Tests;

/// <summary>
/// Completions and heartbeats of one worker, driven concurrently. A heartbeat sent while an item completes used to
/// find the item's token gone from the leased rows, log "lease lost (expired and rescued)" for an item that had just
/// finished on that same worker, and cancel a token source the item's end was disposing (ObjectDisposedException).
/// </summary>
public sealed class WorkerRaceTests
{
    [Fact]
    public async Task Heartbeats_racing_completions_report_no_lost_lease_and_no_failure()
    {
        using var temp = new TempDirectory();
        const int Items = 300;
        var (store, run, _) = await ChecksumRun.CreateAsync(temp, "race", Items, maxAttempts: 3);
        await using var disposeStore = store;

        var log = new CollectingLogger();
        var worker = new Worker(store, new FileArtifactStore(temp.File("artifacts")), ProcessorKinds.All(),
            new WorkerOptions { Slots = 4, Queue = 4, ScratchRoot = temp.File("scratch"), Id = "racer" }, log);
        await worker.StartAsync();
        using var stop = new CancellationTokenSource();
        // Heartbeats as fast as the store answers, the whole time items complete.
        var beats = Task.Run(async () =>
        {
            var count = 0;
            while (!stop.IsCancellationRequested)
            {
                await worker.BeatAsync(CancellationToken.None);
                count++;
            }
            return count;
        });
        var deadline = DateTimeOffset.UtcNow.AddMinutes(2);
        while ((await store.GetRunAsync(run.Id))!.Counts.Done < Items)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the items did not complete within 2 minutes");
            var room = worker.Capacity - worker.Busy;
            if (room > 0) Assert.True(worker.Accept(await store.ClaimAsync(worker.Id, room)));
            await Task.Delay(1);
        }
        await stop.CancelAsync();
        var heartbeats = await beats;
        await worker.StopAsync();

        Assert.True(heartbeats > 50, $"only {heartbeats} heartbeats raced the completions");
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Warning);
        var items = await store.ListItemsAsync(run.Id, null, null, 0, Items);
        Assert.All(items, i => Assert.Equal((ItemState.Done, 1), (i.State, i.Attempts)));
    }
}
