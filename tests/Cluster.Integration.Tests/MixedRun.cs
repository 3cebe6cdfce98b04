using Cluster.Core.Work;

namespace Cluster.Integration.Tests;

/// <summary>
/// The real job every fault scenario runs: a checksum run and an iq-spectrogram run submitted together (the two kinds
/// mixed on the same workers), audited alike at the end.
/// </summary>
internal sealed record MixedRun(RunInfo Checksum, int ChecksumItems, RunInfo Iq, int IqItems)
{
    public int Items => ChecksumItems + IqItems;

    /// <summary>
    /// 480 checksum items of <paramref name="delayMs"/> each and 40 IQ captures; max_attempts 3 (the default), so an
    /// attempt spent on a fault of the infrastructure shows.
    /// </summary>
    public static async Task<MixedRun> SubmitAsync(ChaosCluster cluster, string url, string name, int delayMs = 30,
        int checksumItems = 480, int iqItems = 40, IReadOnlyCollection<int>? poisoned = null, int maxAttempts = 3)
    {
        var iq = await cluster.SubmitIqAsync(url, name + "-iq", iqItems);
        var checksum = await cluster.SubmitAsync(url, name, checksumItems, delayMs, maxAttempts, poisoned);
        return new MixedRun(checksum, checksumItems, iq, iqItems);
    }

    /// <summary>1 orchestrator + 2 worker silos (2 slots each) started, the job submitted and a quarter of it done: the moment to inject a fault.</summary>
    public static async Task<(string Url, MixedRun Job)> StartQuarterDoneAsync(ChaosCluster cluster, string name, int delayMs = 30)
    {
        var orchestrator = cluster.StartOrchestrator();
        for (var i = 0; i < 2; i++) cluster.StartWorker(slots: 2);
        await cluster.WaitReadyAsync(orchestrator);
        var job = await SubmitAsync(cluster, orchestrator.Url, name, delayMs);
        await job.UntilDoneAtLeastAsync(cluster, job.Items / 4);
        return (orchestrator.Url, job);
    }

    /// <summary>
    /// After a fault of the infrastructure: it landed mid-run, no process exited, the audit holds, and no item spent an
    /// attempt on it. Returns the audit's lines.
    /// </summary>
    public async Task<string> AssertUnharmedAsync(ChaosCluster cluster, string url, long doneAtFault)
    {
        Assert.True(doneAtFault < Items, "the runs ended before the fault");
        Assert.Empty(cluster.Exited);
        var audit = await AuditAsync(cluster, url);
        Assert.Equal(Items, await AttemptsAsync(cluster));
        return audit;
    }

    public async Task<long> DoneAsync(ChaosCluster cluster) =>
        (await cluster.Store.GetRunAsync(Checksum.Name))!.Counts.Done + (await cluster.Store.GetRunAsync(Iq.Name))!.Counts.Done;

    public async Task UntilDoneAtLeastAsync(ChaosCluster cluster, long done) =>
        await ClusterWaits.UntilAsync(async () =>
        {
            cluster.ThrowIfAnyExited($"{done} items done");
            return await DoneAsync(cluster) >= done;
        }, $"{done} items of {Checksum.Name} and {Iq.Name} done", cluster.Orchestrators[0].Process);

    public async Task UntilFinishedAsync(ChaosCluster cluster, TimeSpan timeout)
    {
        await cluster.UntilFinishedAsync(Checksum.Name, timeout);
        await cluster.UntilFinishedAsync(Iq.Name, timeout);
    }

    /// <summary>
    /// From now until one more item of either run is done: how long the cluster took to make progress again after a
    /// fault ended. The test's own reads of the ledger may fail meanwhile (the same fault); they are tried again.
    /// </summary>
    public async Task<TimeSpan> UntilProgressAsync(ChaosCluster cluster, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long? before = null;
        while (clock.Elapsed < timeout)
        {
            cluster.ThrowIfAnyExited("progress after the fault");
            try
            {
                var done = await DoneAsync(cluster);
                if (before is null) before = done;
                else if (done > before || done == Items) return clock.Elapsed;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or IOException)
            {
                // The ledger is still away for the test too.
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"no item done within {timeout} after the fault\n{cluster.Outputs()}");
    }

    /// <summary>Claims so far over both runs: every claim adds one attempt (a release takes its own back).</summary>
    public async Task<long> AttemptsAsync(ChaosCluster cluster)
    {
        await using var command = cluster.Ledger.CreateCommand("SELECT coalesce(sum(attempts), 0)::bigint FROM items WHERE run_id = ANY($1)");
        command.Parameters.AddWithValue(new[] { Checksum.Id, Iq.Id });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The audit of both runs (<see cref="RunAudit"/>), one line each.</summary>
    public async Task<string> AuditAsync(ChaosCluster cluster, string url, IReadOnlyDictionary<string, string>? checksumErrors = null) =>
        await RunAudit.AssertCleanAsync(cluster, Checksum.Name, ChecksumItems, url, checksumErrors) + "\n" +
        await RunAudit.AssertCleanAsync(cluster, Iq.Name, IqItems, url);
}
