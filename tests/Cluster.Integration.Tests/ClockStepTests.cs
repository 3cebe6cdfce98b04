using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// A worker silo whose wall clock steps 5 minutes forward, then 10 minutes back, mid-run (libfaketime with an offset
/// file read again every second; the monotonic clock untouched, as with an NTP step). Leases are timed by the
/// database's clock, so the stepped worker's leases still end a lease length after the database's now, its heartbeats go
/// on (no lease is lost, no attempt spent), and the mixed job passes the audit.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class ClockStepTests(ITestOutputHelper output)
{
    private const string FakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

    [Fact]
    public async Task A_worker_whose_clock_steps_keeps_fenced_leases_and_loses_none()
    {
        if (!File.Exists(FakeTime))
            throw new InvalidOperationException($"{FakeTime} is missing: run ./scripts/test (it installs libfaketime)");
        using var temp = new TempDirectory();
        var offset = temp.File("offset");
        await File.WriteAllTextAsync(offset, "+0\n");
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var orchestrator = cluster.StartOrchestrator();
        cluster.StartWorker(slots: 2);
        var stepped = cluster.StartWorker(slots: 2, new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = FakeTime,
            ["FAKETIME_TIMESTAMP_FILE"] = offset,
            ["FAKETIME_CACHE_DURATION"] = "1",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        });
        await cluster.WaitReadyAsync(orchestrator);
        var job = await MixedRun.SubmitAsync(cluster, orchestrator.Url, "clock", delayMs: 150);
        await job.UntilDoneAtLeastAsync(cluster, job.Items / 5);
        var workerId = await cluster.WorkerIdOfAsync(stepped) ?? throw new InvalidOperationException("the stepped worker never registered");

        var doneAtStep = await job.DoneAsync(cluster);
        var leaseAhead = new List<double>();
        foreach (var step in new[] { "+300", "-300" })
        {
            await File.WriteAllTextAsync(offset, step + "\n");
            for (var i = 0; i < 6; i++)
            {
                await Task.Delay(1000);
                if (await LeaseAheadAsync(cluster, workerId) is { } ahead) leaseAhead.Add(ahead);
            }
        }
        var doneInSteps = await job.DoneAsync(cluster) - doneAtStep;
        await job.UntilFinishedAsync(cluster, TimeSpan.FromMinutes(3));

        var completedByStepped = await CompletedByAsync(cluster, job, workerId);
        output.WriteLine($"worker {workerId}: clock +5 min then -5 min (10 min back) from {doneAtStep} of {job.Items} done; " +
            $"{doneInSteps} items done over the 12 s of steps, {completedByStepped} of all by the stepped worker; its leases ran " +
            $"at most {leaseAhead.DefaultIfEmpty().Max():0.0} s past the database's now (lease 60 s) in {leaseAhead.Count} samples");
        Assert.True(doneAtStep < job.Items, "the runs ended before the clock stepped");
        Assert.True(completedByStepped > 0, "the stepped worker completed nothing");
        Assert.All(leaseAhead, ahead => Assert.InRange(ahead, 0, 61));
        output.WriteLine(await job.AssertUnharmedAsync(cluster, orchestrator.Url, doneAtStep));
    }

    /// <summary>How far beyond the database's now the worker's leases end (null: it holds none right now).</summary>
    private static async Task<double?> LeaseAheadAsync(ChaosCluster cluster, string workerId)
    {
        await using var command = cluster.Ledger.CreateCommand(
            "SELECT extract(epoch FROM max(lease_until) - now())::float8 FROM items WHERE state = 'leased' AND lease_owner = $1");
        command.Parameters.AddWithValue(workerId);
        return await command.ExecuteScalarAsync() is double seconds ? seconds : null;
    }

    private static async Task<long> CompletedByAsync(ChaosCluster cluster, MixedRun job, string workerId)
    {
        await using var command = cluster.Ledger.CreateCommand(
            "SELECT count(*) FROM item_log WHERE run_id = ANY($1) AND worker = $2 AND (message = 'done' OR message LIKE 'done:%')");
        command.Parameters.AddWithValue(new[] { job.Checksum.Id, job.Iq.Id });
        command.Parameters.AddWithValue(workerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
