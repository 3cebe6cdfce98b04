using Cluster.Core.Work;
using Cluster.Grains.Scheduling;

namespace Cluster.Grains.Tests;

/// <summary>Runs on an Orleans cluster of one orchestrator silo and worker silos, over a real PostgreSQL ledger.</summary>
public sealed class RunFanOutTests
{
    [Fact]
    public async Task A_run_is_fanned_out_over_two_worker_silos_and_each_item_completes_once()
    {
        await using var cluster = await GrainCluster.StartAsync(orchestrators: 1, workers: 2);
        // A worker whose first registration came before its silo was active registers again 2 s later; one worker
        // alone could finish the run by then, so both must be known to the scheduler before the run is submitted.
        var scheduler = cluster.Cluster.Client.GetGrain<ISchedulerGrain>(0);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while ((await scheduler.WorkersAsync()).Count < 2 && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(100);
        var run = await cluster.SubmitChecksumsAsync("fan", files: 40, delayMs: 50);

        var done = await cluster.WaitForRunAsync("fan", r => r.State.IsFinished(), TimeSpan.FromMinutes(1));

        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(40, done.Counts.Done);
        var items = await cluster.Store.ListItemsAsync(run.Id, null, null, 0, 100);
        Assert.All(items, i => Assert.Equal(1, i.Attempts));
        // Both worker silos took part: the completion log names the worker (its silo address).
        var workers = new HashSet<string>();
        foreach (var item in items)
        {
            var completion = Assert.Single(await cluster.Store.ItemLogAsync(run.Id, item.Key), l => l.Message.StartsWith("done", StringComparison.Ordinal));
            workers.Add(completion.Worker!);
        }
        var workerSilos = cluster.Workers(1).Select(s => s.SiloAddress.ToParsableString()).Order().ToList();
        Assert.Equal(workerSilos, workers.Order().ToList());
        // One artifact per item, and the progress document written the moment the run ended.
        Assert.Equal(40, (await cluster.Store.ArtifactsAsync(run.Id, null)).Count(a => a.ItemKey != ""));
        Assert.Contains(await cluster.Store.ArtifactsAsync(run.Id, ""), a => a.Artifact.Name == "progress.json");
    }

    [Fact]
    public async Task Worker_silos_stopped_and_killed_mid_run_lose_no_item_and_duplicate_none()
    {
        await using var cluster = await GrainCluster.StartAsync(orchestrators: 1, workers: 3);
        var run = await cluster.SubmitChecksumsAsync("survive", files: 60, delayMs: 200);
        await cluster.WaitForRunAsync("survive", r => r.Counts.Done >= 10, TimeSpan.FromMinutes(1));
        var workers = cluster.Workers(1).ToList();

        // Graceful: the silo drains (2 s) and releases what it could not finish.
        await cluster.Cluster.StopSiloAsync(workers[0]);
        await cluster.WaitForRunAsync("survive", r => r.Counts.Done >= 25, TimeSpan.FromMinutes(1));
        // Abrupt: the membership declares it dead and the scheduler takes its leases back at once.
        await cluster.Cluster.KillSiloAsync(workers[1]);

        var done = await cluster.WaitForRunAsync("survive", r => r.State.IsFinished(), TimeSpan.FromMinutes(2));
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(60, done.Counts.Done);
        var items = await cluster.Store.ListItemsAsync(run.Id, null, null, 0, 100);
        Assert.All(items, i => Assert.InRange(i.Attempts, 1, 2));
        foreach (var item in items)
            Assert.Single(await cluster.Store.ItemLogAsync(run.Id, item.Key), l => l.Message.StartsWith("done", StringComparison.Ordinal));
        Assert.Equal(60, (await cluster.Store.ArtifactsAsync(run.Id, null)).Count(a => a.ItemKey != ""));
        Assert.Empty(await cluster.Store.LeaseOwnersAsync());
    }
}
