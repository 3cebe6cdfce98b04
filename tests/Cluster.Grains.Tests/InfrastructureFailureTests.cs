using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Processors;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Tests;

/// <summary>
/// A failure of the infrastructure is not the item's: the worker waits for the dependency (bounded backoff) and the
/// item keeps its attempt. Before, the artifact store's first refusal ended the item in <c>error</c>.
/// </summary>
public sealed class InfrastructureFailureTests
{
    [Fact]
    public async Task An_artifact_folder_that_refuses_writes_for_a_while_costs_no_attempt_and_fails_no_item()
    {
        using var temp = new TempDirectory();
        const int Items = 20;
        // max_attempts 1: a single spent attempt would end an item in error.
        var (store, run, _) = await ChecksumRun.CreateAsync(temp, "outage", Items, maxAttempts: 1);
        await using var disposeStore = store;

        // A file where the artifact store wants its runs/ folder: every write fails until it goes.
        var artifacts = Directory.CreateDirectory(temp.File("artifacts")).FullName;
        var blocker = Path.Combine(artifacts, "runs");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var log = new CollectingLogger();
        var worker = new Worker(store, new FileArtifactStore(artifacts), ProcessorKinds.All(),
            new WorkerOptions { Slots = 2, Queue = 2, ScratchRoot = temp.File("scratch"), Id = "patient" }, log);
        await worker.StartAsync();
        Assert.True(worker.Accept(await store.ClaimAsync(worker.Id, Items)));

        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!log.Lines.Any(l => l.Text.Contains("storing artifact")))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "no item waited for the artifact store");
            await Task.Delay(20);
        }
        await Task.Delay(1500);
        Assert.Equal(0, (await store.GetRunAsync(run.Id))!.Counts.Error);
        File.Delete(blocker);

        while ((await store.GetRunAsync(run.Id))!.Counts.Done < Items)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the items did not complete once the artifact folder was back");
            await Task.Delay(20);
        }
        await worker.StopAsync();

        var items = await store.ListItemsAsync(run.Id, null, null, 0, Items);
        Assert.All(items, i => Assert.Equal((ItemState.Done, 1), (i.State, i.Attempts)));
        Assert.Equal(Items, Directory.GetFiles(Path.Combine(artifacts, "runs"), "*", SearchOption.AllDirectories).Length);
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("retrying without spending the attempt"));
        Assert.DoesNotContain(log.Lines, l => l.Level >= LogLevel.Error);
    }
}
