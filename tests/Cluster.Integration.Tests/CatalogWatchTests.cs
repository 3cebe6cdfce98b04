using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;
using Microsoft.Data.Sqlite;

namespace Cluster.Integration.Tests;

/// <summary>
/// `cluster serve` and one `cluster worker` on PostgreSQL with a `catalog-export` watch (settle 1 s) on a copy of the
/// Resonance beamtime catalog: the runs that had already ended become items, a run appended to the catalog afterwards
/// becomes one more, each exported once to `&lt;uid&gt;.nxs` (read back with h5py).
/// </summary>
public class CatalogWatchTests
{
    private const string Token = "catalog-watch-token-0123456789";
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";
    private const string RunC = "5eed0000000000000000000000000005";
    private const string RunD = "5eed0000000000000000000000000007";

    [Fact]
    public async Task Finished_runs_and_a_run_appended_later_are_each_exported_once()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var db = CopyFixture(inputs);
        var artifactRoot = temp.File("artifacts");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        using var orchestrator = ClusterProcess.Start(null, "serve", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}",
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}", "--slots", "2");

        using var http = new HttpClient { BaseAddress = new Uri(server + "/") };
        var client = new ClusterClient(http, Token);
        await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready", orchestrator);
        var watch = await client.AddWatchAsync(new WatchRequest("beamtime", db, null, 1, "kind: catalog-export\nlease_seconds: 30\n"));
        Assert.Equal((db, "catalog-export"), (watch.Source, watch.Kind));
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        var runId = (await store.GetRunAsync("beamtime"))!.Id;

        // The fixture's three runs have all ended; C (aborted, no events, no images) has nothing to export.
        await ItemsFinishedAsync(store, runId, [(RunA, ItemState.Done), (RunB, ItemState.Done), (RunC, ItemState.NoData)], orchestrator);
        Assert.Equal([$"{RunA}.nxs"], await ArtifactNamesAsync(client, RunA));
        Assert.Equal([$"{RunB}.nxs", $"{RunB}.png"], await ArtifactNamesAsync(client, RunB));
        Assert.Empty(await ArtifactNamesAsync(client, RunC));

        AppendFinishedRun(db);
        await ItemsFinishedAsync(store, runId, [(RunA, ItemState.Done), (RunB, ItemState.Done), (RunC, ItemState.NoData), (RunD, ItemState.Done)], orchestrator);
        Assert.Equal([$"{RunD}.nxs"], await ArtifactNamesAsync(client, RunD));
        var nexus = temp.File($"{RunD}.nxs");
        await using (var content = await client.OpenArtifactAsync("beamtime", RunD, $"{RunD}.nxs"))
        await using (var file = File.Create(nexus))
            await content.CopyToAsync(file);
        var report = Python.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                e = f["entry"]
                print(e["entry_identifier"][()].decode(), e["plan_name"][()].decode(), e["exit_status"][()].decode(), int(e["num_events"][()]))
                print(e["primary/seq_num"][()].tolist(), e["primary/time"][()].tolist())
                print(e["primary/Energy"][()].tolist(), e["primary/I0"][()].tolist(), e["data"].attrs["signal"])
            """, nexus);
        Assert.Equal($"""
            {RunD} nexafs success 2
            [1, 2] [1772700301.0, 1772700302.5]
            [290.0, 290.5] [1200.0, 1250.0] Energy
            """, report.Trim());

        // A few more settle intervals of watching: nothing is enqueued twice.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var items = await store.ListItemsAsync(runId, null, null, 0, 100);
        Assert.Equal(4, items.Count);
        Assert.All(items, i => Assert.Equal(1, i.Attempts));
        var status = Assert.Single(await client.ListWatchesAsync());
        Assert.Equal((4L, 4L), (status.FilesSeen, status.VersionsEnqueued));
    }

    /// <summary>The fixture's database and its sibling Zarr store, writable, under the input root.</summary>
    private static string CopyFixture(string inputs)
    {
        var db = Path.Combine(inputs, "beamtime.db");
        File.Copy(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"), db);
        File.SetAttributes(db, FileAttributes.Normal);
        var zarr = RepositoryPaths.Fixture("Resonance", "beamtime_example.zarr");
        foreach (var source in Directory.EnumerateFiles(zarr, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(inputs, "beamtime.zarr", Path.GetRelativePath(zarr, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
        return db;
    }

    /// <summary>Run D as the acquisition writes it: the run, its primary stream and two scalar events, then its end.</summary>
    private static void AppendFinishedRun(string db)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $$$"""
            INSERT INTO runs (uid, sample_id, plan_name, time_start, time_stop, exit_status, num_events, metadata)
                VALUES ('{{{RunD}}}', 2, 'nexafs', 1772700300.0, 1772700310.0, 'success', 2, '{"edge": "O"}');
            INSERT INTO streams (uid, run_uid, name, data_keys, time_created)
                VALUES ('5eed0000000000000000000000000008', '{{{RunD}}}', 'primary', '{"Energy": {"dtype": "number"}, "I0": {"dtype": "number"}}', 1772700300.5);
            INSERT INTO events (uid, stream_uid, seq_num, time, data, timestamps) VALUES
                ('5eed0000000000000000000000000020', '5eed0000000000000000000000000008', 1, 1772700301.0, '{"Energy": 290.0, "I0": 1200.0}', '{"Energy": 1772700301.0}'),
                ('5eed0000000000000000000000000021', '5eed0000000000000000000000000008', 2, 1772700302.5, '{"Energy": 290.5, "I0": 1250.0}', '{"Energy": 1772700302.5}');
            """;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static Task ItemsFinishedAsync(IWorkStore store, long runId, (string Key, ItemState State)[] expected, ClusterProcess watched) =>
        ClusterWaits.UntilAsync(async () =>
        {
            var items = await store.ListItemsAsync(runId, null, null, 0, 100);
            return items.Select(i => (i.Key, i.State)).OrderBy(i => i.Key, StringComparer.Ordinal).SequenceEqual(expected);
        }, $"items {string.Join(", ", expected)}", watched);

    private static async Task<string[]> ArtifactNamesAsync(ClusterClient client, string key) =>
        (await client.ListArtifactsAsync("beamtime", key)).Select(a => a.Name).Order(StringComparer.Ordinal).ToArray();
}
