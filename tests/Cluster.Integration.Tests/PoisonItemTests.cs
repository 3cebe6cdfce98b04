using System.Diagnostics;
using Cluster.Core.Work;
using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// A poison item: its input aborts the worker process that runs it (the checksum kind's crash marker, standing for a
/// crash in a native library), every time. Crashed workers are started again, as Kubernetes restarts a pod. The item
/// ends in error once its attempts are spent (max_attempts 3); the items that only waited in a dying worker's queue
/// spend nothing, so the rest of the mixed job ends done, audited.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class PoisonItemTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_poison_item_ends_in_error_after_max_attempts_and_the_rest_of_the_run_is_done()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var orchestrator = cluster.StartOrchestrator();
        for (var i = 0; i < 2; i++) cluster.StartWorker(slots: 2);
        await cluster.WaitReadyAsync(orchestrator);
        const int poison = 100;
        var job = await MixedRun.SubmitAsync(cluster, orchestrator.Url, "poison", poisoned: [poison]);
        var poisonKey = $"f{poison:D5}.dat";

        var crashes = 0;
        var clock = Stopwatch.StartNew();
        while (!(await cluster.Store.GetRunAsync(job.Checksum.Name))!.State.IsFinished()
               || !(await cluster.Store.GetRunAsync(job.Iq.Name))!.State.IsFinished())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
                throw new TimeoutException($"not finished after 3 minutes, {crashes} crashes\n{cluster.Outputs()}");
            if (cluster.Orchestrators[0].Process.HasExited)
                throw new InvalidOperationException($"the orchestrator exited:\n{cluster.Orchestrators[0].Process.Output}");
            crashes += cluster.ReplaceExitedWorkers(slots: 2);
            await Task.Delay(100);
        }

        var item = (await cluster.Store.ListItemsAsync(job.Checksum.Id, null, poisonKey, 0, 1)).Single();
        var others = (await cluster.Store.ListItemsAsync(job.Checksum.Id, null, null, 0, 1000)).Where(i => i.Key != poisonKey).ToList();
        output.WriteLine($"poison item {poisonKey}: {item.State} after {item.Attempts} attempts and {crashes} worker crashes " +
            $"({clock.Elapsed.TotalSeconds:0.0} s): \"{item.Error}\"; the other items' attempts: max {others.Max(i => i.Attempts)}, " +
            $"{others.Count(i => i.Attempts > 1)} ran more than once");
        Assert.True(crashes >= 3, $"only {crashes} crashes");
        Assert.All(cluster.ExitedOutputs, crashed => Assert.Contains($"{poisonKey} starts with the crash marker", crashed));
        output.WriteLine(await job.AuditAsync(cluster, orchestrator.Url,
            new Dictionary<string, string> { [poisonKey] = "declared dead on attempt 3 of 3" }));
    }
}
