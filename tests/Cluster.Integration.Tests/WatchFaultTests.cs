using System.Diagnostics;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.TestSupport;
using Xunit.Abstractions;

namespace Cluster.Integration.Tests;

/// <summary>
/// A watch whose directory receives 1,000 files in 10 s while the orchestrator silo that hosts the watch is SIGKILLed
/// (and, later, a worker silo): the watch comes back on the other orchestrator and every file is admitted once, as
/// version 1, and processed once; the run passes the audit once the watch is removed.
/// </summary>
[Collection(ChaosCluster.Collection)]
public class WatchFaultTests(ITestOutputHelper output)
{
    private const int Files = 1000;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_thousand_files_in_ten_seconds_while_the_watchs_silo_is_killed_are_each_admitted_once()
    {
        await using var postgres = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await ChaosCluster.CreateAsync(postgres.ConnectionString);
        var orchestrators = new[] { cluster.StartOrchestrator(), cluster.StartOrchestrator() };
        for (var i = 0; i < 2; i++) cluster.StartWorker(slots: 2);
        foreach (var orchestrator in orchestrators) await cluster.WaitReadyAsync(orchestrator);
        var live = Directory.CreateDirectory(Path.Combine(cluster.Inputs, "live")).FullName;
        using var http = ChaosCluster.Http(orchestrators[0].Url);
        await new ClusterClient(http, null).AddWatchAsync(new WatchRequest("live", "live", "*.dat", 1,
            "kind: checksum\nparams: {delay_ms: 5}\nlease_seconds: 60\n"));
        await ClusterWaits.UntilAsync(() => Task.FromResult(orchestrators.Any(o => o.Process.Output.Contains("Watching "))),
            "the watch scanning", orchestrators[0].Process);
        var host = orchestrators.Single(o => o.Process.Output.Contains("Watching "));
        var survivor = orchestrators.Single(o => o != host);

        var clock = Stopwatch.StartNew();
        TimeSpan? orchestratorKilled = null, workerKilled = null;
        for (var i = 0; i < Files; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(live, $"f{i:D5}.dat"), $"live payload {i}\n");
            if (orchestratorKilled is null && i >= Files * 4 / 10)
            {
                cluster.Kill(host.Process);
                orchestratorKilled = clock.Elapsed;
            }
            if (workerKilled is null && i >= Files * 7 / 10)
            {
                cluster.Kill(cluster.Workers[0]);
                cluster.StartWorker(slots: 2);
                workerKilled = clock.Elapsed;
            }
            var due = WriteFor * (i + 1) / Files;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
        }
        var written = clock.Elapsed;

        var run = (await cluster.Store.GetRunAsync("live"))!;
        await ClusterWaits.UntilAsync(async () =>
        {
            cluster.ThrowIfAnyExited("every file processed");
            return (await cluster.Store.GetRunAsync("live"))!.Counts.Done >= Files;
        }, $"{Files} files processed", survivor.Process);
        var allDone = clock.Elapsed;
        // A few settle intervals more: a file admitted twice would show up now.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var items = await cluster.Store.ListItemsAsync(run.Id, null, null, 0, Files + 100);
        Assert.Equal(Files, items.Count);
        Assert.All(items, item => Assert.DoesNotContain("@v", item.Key));

        using var survivorHttp = ChaosCluster.Http(survivor.Url);
        var client = new ClusterClient(survivorHttp, null);
        var watch = Assert.Single(await client.ListWatchesAsync());
        output.WriteLine($"{Files} files written in {written.TotalSeconds:0.0} s; the watch's orchestrator SIGKILLed at " +
            $"{orchestratorKilled!.Value.TotalSeconds:0.0} s, a worker at {workerKilled!.Value.TotalSeconds:0.0} s; all processed at " +
            $"{allDone.TotalSeconds:0.0} s ({(allDone - written).TotalSeconds:0.0} s after the last file); watch status: " +
            $"{watch.FilesSeen} files seen, {watch.VersionsEnqueued} versions enqueued");
        Assert.Equal(((long)Files, (long)Files), (watch.FilesSeen, watch.VersionsEnqueued));
        await client.RemoveWatchAsync("live");
        await ClusterWaits.UntilAsync(async () => (await cluster.Store.GetRunAsync("live"))!.State == RunState.Succeeded,
            "the watch's run finalised after removal", survivor.Process);
        output.WriteLine(await RunAudit.AssertCleanAsync(cluster, "live", Files, survivor.Url));
    }
}
