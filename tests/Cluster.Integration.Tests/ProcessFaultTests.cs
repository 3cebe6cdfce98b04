using System.Diagnostics;
using System.Text.RegularExpressions;
using Cluster.Core.Work;
using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// Faults on real OS processes and a real PostgreSQL: the orchestrator silo that hosts the scheduler grain SIGKILLed (worker
/// silos killed again and again: <see cref="WorkerKillTests"/>; the database taken away: <see cref="DatabaseFaultTests"/>).
/// Each run is then audited (<see cref="RunAudit"/>). Recovery times are printed for the lead, not asserted.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class ProcessFaultTests(ITestOutputHelper output)
{
    private const int WorkerSlots = 2;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Killing_the_orchestrator_silo_that_hosts_the_scheduler_moves_scheduling_to_the_other()
    {
        const int items = 600;
        const string active = "Scheduler active on silo";
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(database.ConnectionString);
        var orchestrators = new[] { cluster.StartOrchestrator(), cluster.StartOrchestrator() };
        for (var i = 0; i < 2; i++) cluster.StartWorker(WorkerSlots);
        foreach (var orchestrator in orchestrators) await cluster.WaitReadyAsync(orchestrator);
        var job = await MixedRun.SubmitAsync(cluster, orchestrators[0].Url, "failover", 20, checksumItems: items);
        var run = job.Checksum;
        await cluster.UntilDoneAtLeastAsync(run.Name, items / 5);

        var host = Assert.Single(orchestrators, o => o.Process.Output.Contains(active));
        var survivor = orchestrators.Single(o => o != host);
        var silo = Regex.Match(host.Process.Output, active + @" (S[0-9.:]+)").Groups[1].Value;
        var claimed = await AttemptsAsync(cluster, run.Id);
        cluster.Kill(host.Process);
        var clock = Stopwatch.StartNew();

        TimeSpan? nextDispatch = null, activeThere = null;
        while (nextDispatch is null || activeThere is null)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException($"no dispatch ({nextDispatch}) or no scheduler on the survivor ({activeThere}) a minute after the kill:\n{cluster.Outputs()}");
            cluster.ThrowIfAnyExited("scheduling on the surviving orchestrator");
            if (nextDispatch is null && await AttemptsAsync(cluster, run.Id) > claimed) nextDispatch = clock.Elapsed;
            if (activeThere is null && survivor.Process.Output.Contains(active)) activeThere = clock.Elapsed;
            await Task.Delay(50);
        }
        var doneAtMove = (await cluster.Store.GetRunAsync(run.Name))!.Counts.Done;
        await cluster.UntilFinishedAsync(run.Name, RunTimeout);

        output.WriteLine($"killed the scheduler's silo ({silo}) at {doneAtMove} of {items} done: next item dispatched after " +
            $"{nextDispatch.Value.TotalSeconds:0.00} s, scheduler active on the other orchestrator after {activeThere.Value.TotalSeconds:0.00} s");
        Assert.True(doneAtMove < items, "the run ended before scheduling moved: nothing shows the survivor dispatched");
        await cluster.UntilFinishedAsync(job.Iq.Name, RunTimeout);
        output.WriteLine(await job.AuditAsync(cluster, survivor.Url));
    }

    /// <summary>Claims so far: every claim adds one attempt (a release takes its own back).</summary>
    private static async Task<long> AttemptsAsync(ChaosCluster cluster, long runId)
    {
        await using var command = cluster.Ledger.CreateCommand("SELECT coalesce(sum(attempts), 0)::bigint FROM items WHERE run_id = $1");
        command.Parameters.AddWithValue(runId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
