using System.Diagnostics;
using Cluster.Core.Work;
using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// Worker silos SIGKILLed again and again mid-run on real processes and PostgreSQL, then the run audited
/// (<see cref="RunAudit"/>). The time from a kill to its items' next attempt is printed for the lead, not asserted.
/// Size and pace come from CLUSTER_CHAOS_* variables so that scripts/chaos runs the long version. Kills stop after
/// CLUSTER_CHAOS_KILLS (default 25): a worker silo needs a few seconds to start and join, so killing one every two
/// seconds for ever leaves the cluster mostly starting up, and the run would end only by chance.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class WorkerKillTests(ITestOutputHelper output)
{
    private static readonly int Items = Setting("CLUSTER_CHAOS_ITEMS", 2000);
    private static readonly int DelayMs = Setting("CLUSTER_CHAOS_DELAY_MS", 20);
    private static readonly TimeSpan KillEvery = TimeSpan.FromMilliseconds(Setting("CLUSTER_CHAOS_KILL_EVERY_MS", 2000));
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(Setting("CLUSTER_CHAOS_TIMEOUT_MINUTES", 5));
    private static readonly int Kills = Setting("CLUSTER_CHAOS_KILLS", 25);
    private const int MinKills = 20;
    private const int WorkerSlots = 2;

    [Fact]
    public async Task Worker_silos_killed_every_two_seconds_lose_no_item_and_duplicate_none()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(database.ConnectionString);
        var first = cluster.StartOrchestrator();
        cluster.StartOrchestrator();
        for (var i = 0; i < 3; i++) cluster.StartWorker(WorkerSlots);
        await cluster.WaitReadyAsync(first);
        // A death spends no attempt of an item not known to have started; but kills aimed at busy workers every 2 s do
        // land on items running alone on the record (their holder died before), and one such item was killed twice in a
        // run: max_attempts 5, not the default 3, so that the audit asks "lost or duplicated", not "unlucky".
        var job = await MixedRun.SubmitAsync(cluster, first.Url, "chaos", DelayMs, checksumItems: Items, maxAttempts: 5);
        var run = job.Checksum;

        var recovery = new RecoveryClock(cluster, run.Id);
        var kills = 0;
        var votedDead = 0;
        var lastKill = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + RunTimeout;
        while (!(await cluster.Store.GetRunAsync(run.Name))!.State.IsFinished() || !(await cluster.Store.GetRunAsync(job.Iq.Name))!.State.IsFinished())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"run not finished after {RunTimeout}, {kills} kills: {(await cluster.Store.GetRunAsync(run.Name))!.Counts}\n{cluster.Outputs()}");
            votedDead += cluster.ReplaceWorkersVotedDead(WorkerSlots);
            cluster.ThrowIfAnyExited("the run to finish");
            await recovery.SampleAsync();
            if (kills < Kills && lastKill.Elapsed >= KillEvery && await KillABusyWorkerAsync(cluster, recovery))
            {
                kills++;
                lastKill.Restart();
            }
            await Task.Delay(50);
        }
        await recovery.SampleAsync();

        output.WriteLine($"{Items} checksum items (delay_ms {DelayMs}) and {job.IqItems} IQ captures, 2 orchestrator + 3 worker silos ({WorkerSlots} slots), " +
            $"a worker SIGKILLed every {KillEvery.TotalSeconds:0.#} s: {kills} kills, {votedDead} more workers voted dead and replaced");
        output.WriteLine(recovery.Summary());
        Assert.True(kills >= MinKills, $"only {kills} kills landed before the run ended (wanted {MinKills})");
        Assert.Equal(0, recovery.Waiting);
        output.WriteLine(await job.AuditAsync(cluster, first.Url));
    }

    /// <summary>SIGKILLs a registered worker that holds leases (so the kill lands mid-item) and starts a new one in its place.</summary>
    private static async Task<bool> KillABusyWorkerAsync(ChaosCluster cluster, RecoveryClock recovery)
    {
        var leases = await LeasesPerOwnerAsync(cluster);
        foreach (var worker in cluster.Workers.ToList())
        {
            if (await cluster.WorkerIdOfAsync(worker) is not { } id || leases.GetValueOrDefault(id) == 0) continue;
            cluster.Kill(worker);
            var killedAt = DateTimeOffset.UtcNow;
            cluster.StartWorker(WorkerSlots);
            await recovery.KilledAsync(id, killedAt);
            return true;
        }
        return false;
    }

    private static async Task<Dictionary<string, long>> LeasesPerOwnerAsync(ChaosCluster cluster)
    {
        await using var command = cluster.Ledger.CreateCommand("SELECT lease_owner, count(*) FROM items WHERE state = 'leased' GROUP BY lease_owner");
        await using var reader = await command.ExecuteReaderAsync();
        var leases = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) leases[reader.GetString(0)] = reader.GetInt64(1);
        return leases;
    }

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text) : fallback;

    /// <summary>
    /// From a worker's SIGKILL to the next attempt of each item it held: the ledger's claim time (<c>updated_at</c> of
    /// the row leased by another worker), or its finish time when the next attempt ended between two samples (an upper
    /// bound). An item whose done line names the killed worker was completed by it as it died (PostgreSQL committed the
    /// completion after the kill). Attempts do not tell: a death gives back the attempt of an item not known to have started.
    /// </summary>
    private sealed class RecoveryClock(ChaosCluster cluster, long runId)
    {
        private readonly Dictionary<string, (string Worker, DateTimeOffset KilledAt)> _waiting = new(StringComparer.Ordinal);
        private readonly List<(double Seconds, string Key)> _seconds = [];
        private int _upperBounds;
        private int _endedByTheKilled;

        public int Waiting => _waiting.Count;

        public async Task KilledAsync(string workerId, DateTimeOffset killedAt)
        {
            await using var command = cluster.Ledger.CreateCommand(
                "SELECT key FROM items WHERE run_id = $1 AND state = 'leased' AND lease_owner = $2");
            command.Parameters.AddWithValue(runId);
            command.Parameters.AddWithValue(workerId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) _waiting[reader.GetString(0)] = (workerId, killedAt);
        }

        public async Task SampleAsync()
        {
            if (_waiting.Count == 0) return;
            await using var command = cluster.Ledger.CreateCommand("""
                SELECT i.key, i.state, i.lease_owner, i.updated_at, i.finished_at,
                    (SELECT l.worker FROM item_log l WHERE l.run_id = i.run_id AND l.key = i.key AND l.message LIKE 'done%' LIMIT 1)
                FROM items i WHERE i.run_id = $1 AND i.key = ANY($2)
                """);
            command.Parameters.AddWithValue(runId);
            command.Parameters.AddWithValue(_waiting.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var key = reader.GetString(0);
                var (worker, killedAt) = _waiting[key];
                var state = reader.GetString(1);
                var owner = reader.IsDBNull(2) ? null : reader.GetString(2);
                if (state == "pending" || (state == "leased" && owner == worker)) continue;
                if (state != "leased" && !reader.IsDBNull(5) && reader.GetString(5) == worker)
                {
                    _endedByTheKilled++;
                    _waiting.Remove(key);
                    continue;
                }
                var leased = state == "leased";
                if (!leased) _upperBounds++;
                var at = leased || reader.IsDBNull(4) ? reader.GetFieldValue<DateTimeOffset>(3) : reader.GetFieldValue<DateTimeOffset>(4);
                _seconds.Add(((at - killedAt).TotalSeconds, key));
                _waiting.Remove(key);
            }
        }

        public string Summary()
        {
            if (_seconds.Count == 0) return "no killed worker held an item";
            var sorted = _seconds.OrderBy(s => s.Seconds).ToList();
            double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)].Seconds;
            return $"killed workers' in-flight items running again: n={sorted.Count}, p50 {Percentile(0.5):0.00} s, " +
                $"p99 {Percentile(0.99):0.00} s, max {sorted[^1].Seconds:0.00} s ({_upperBounds} timed by their finish, an upper bound; " +
                $"{_endedByTheKilled} completed by the killed worker as it died); slowest: " +
                string.Join(", ", sorted.TakeLast(3).Select(s => $"{s.Key} {s.Seconds:0.0} s"));
        }
    }
}
