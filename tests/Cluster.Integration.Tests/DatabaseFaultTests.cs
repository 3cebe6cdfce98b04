using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// The ledger's PostgreSQL taken away under a running cluster (1 orchestrator + 2 worker silos, real processes, a
/// server of the test's own): restarted, its backends terminated, its connections all taken. Each time the mixed job
/// (<see cref="MixedRun"/>) ends with no manual action, no process exits, no item spends an attempt on the fault, and
/// the audit holds. Recovery times are printed for docs/reliability.md, not asserted. CLUSTER_CHAOS_HOLD_SECONDS
/// (default 10) sets how long the connections are held (the long version: 30).
/// </summary>
[Collection(ChaosCluster.Collection)]
public class DatabaseFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_postgresql_restart_mid_run_needs_no_manual_action_and_stops_no_process()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync();
        await postgres.StartAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var (url, job) = await MixedRun.StartQuarterDoneAsync(cluster, "restart");

        var doneAtFault = await job.DoneAsync(cluster);
        var clock = Stopwatch.StartNew();
        await postgres.RestartImmediateAsync();
        var restarted = clock.Elapsed;
        var recovery = await job.UntilProgressAsync(cluster, RunTimeout);
        await job.UntilFinishedAsync(cluster, RunTimeout);

        output.WriteLine($"PostgreSQL restarted (-m immediate, {restarted.TotalSeconds:0.0} s) at {doneAtFault} of {job.Items} done; " +
            $"next item done {recovery.TotalSeconds:0.00} s after it listened again; both runs finished {clock.Elapsed.TotalSeconds:0.0} s after the restart began");
        output.WriteLine(await job.AssertUnharmedAsync(cluster, url, doneAtFault));
    }

    [Fact]
    public async Task Every_backend_terminated_three_times_mid_run_costs_no_attempt()
    {
        await using var postgres = await ThrowawayPostgres.CreateAsync();
        await postgres.StartAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var (url, job) = await MixedRun.StartQuarterDoneAsync(cluster, "terminate");

        var doneAtFault = await job.DoneAsync(cluster);
        var terminated = new List<long>();
        var recoveries = new List<double>();
        for (var round = 0; round < 3; round++)
        {
            terminated.Add(await TerminateBackendsAsync(postgres.ConnectionString));
            recoveries.Add((await job.UntilProgressAsync(cluster, RunTimeout)).TotalSeconds);
            await Task.Delay(1000);
        }
        await job.UntilFinishedAsync(cluster, RunTimeout);

        output.WriteLine($"pg_terminate_backend on every other backend, 3 times from {doneAtFault} of {job.Items} done: " +
            $"{string.Join(", ", terminated)} backends; next item done after {string.Join(", ", recoveries.Select(r => $"{r:0.00} s"))}");
        Assert.All(terminated, count => Assert.True(count >= 3, $"only {count} backends to terminate: the cluster was not connected"));
        output.WriteLine(await job.AssertUnharmedAsync(cluster, url, doneAtFault));
    }

    [Fact]
    public async Task A_client_holding_all_connections_but_one_delays_the_run_and_fails_no_item()
    {
        var hold = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("CLUSTER_CHAOS_HOLD_SECONDS"), out var s) ? s : 10);
        await using var postgres = await ThrowawayPostgres.CreateAsync();
        await postgres.StartAsync(maxConnections: 40);
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var (url, job) = await MixedRun.StartQuarterDoneAsync(cluster, "exhaust", delayMs: 100);

        var doneAtFault = await job.DoneAsync(cluster);
        // Each its own physical connection (no pool), opened until the server refuses, then one given back.
        var held = new List<NpgsqlConnection>();
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Pooling = false };
        string refusal;
        while (true)
        {
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync();
                held.Add(connection);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
            {
                refusal = e.MessageText;
                await connection.DisposeAsync();
                break;
            }
        }
        await held[^1].DisposeAsync();
        held.RemoveAt(held.Count - 1);
        var doneWhileHeld = await job.DoneAsync(cluster);
        await Task.Delay(hold);
        var doneAtRelease = await job.DoneAsync(cluster);
        foreach (var connection in held) await connection.DisposeAsync();
        var recovery = await job.UntilProgressAsync(cluster, RunTimeout);
        await job.UntilFinishedAsync(cluster, RunTimeout);

        output.WriteLine($"a client took {held.Count} of 40 connections (the server then said \"{refusal}\") and held them " +
            $"{hold.TotalSeconds:0} s from {doneWhileHeld} of {job.Items} done ({doneAtRelease} done at the release); " +
            (doneAtRelease == job.Items ? "the runs finished on the connections the cluster's pools already held"
                : $"next item done {recovery.TotalSeconds:0.00} s after the release"));
        output.WriteLine(await job.AssertUnharmedAsync(cluster, url, doneAtFault));
    }



    /// <summary>Every client backend but this one, as River's and awa's suites do; returns how many were terminated.</summary>
    private static async Task<long> TerminateBackendsAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
