using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// `cluster serve` and one `cluster worker` on PostgreSQL with a watch (settle 1 s) over a temp directory: a file written
/// slowly is processed once, after it settled; a modified file is processed again as version 2; an orchestrator
/// killed and restarted reprocesses nothing.
/// </summary>
public class WatchTests
{
    private const string Token = "watch-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Settled_files_are_processed_once_per_version_and_a_restart_reprocesses_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var live = Directory.CreateDirectory(Path.Combine(inputs, "live")).FullName;
        var artifactRoot = temp.File("artifacts");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        string[] serveArgs = ["serve", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}",
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs];
        var orchestrator = ClusterProcess.Start(null, serveArgs);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}", "--slots", "2");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server + "/") };
            var client = new ClusterClient(http, Token);
            await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready", orchestrator);
            var watch = await client.AddWatchAsync(new WatchRequest("beam", "live", "*.dat", 1, "kind: checksum\nlease_seconds: 10\n"));
            Assert.Equal((live, "*.dat", "checksum"), (watch.Source, watch.Pattern, watch.Kind));
            var taken = await Assert.ThrowsAsync<ClusterApiException>(() => client.AddWatchAsync(new WatchRequest("beam", "live", "*", 1, "kind: checksum\n")));
            Assert.Equal(HttpStatusCode.Conflict, taken.Status);
            var outside = await Assert.ThrowsAsync<ClusterApiException>(() => client.AddWatchAsync(new WatchRequest("x", "/etc", "*", 1, "kind: nope\n")));
            Assert.Equal(HttpStatusCode.BadRequest, outside.Status);
            Assert.Equal(["kind", "source"], outside.Errors.Select(e => e.Field).Order());
            var anonymous = await Assert.ThrowsAsync<ClusterApiException>(() =>
                new ClusterClient(http, null).AddWatchAsync(new WatchRequest("y", "live", "*", 1, "kind: checksum\n")));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
            await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
            var runId = (await store.GetRunAsync("beam"))!.Id;

            // Six chunks, 0.5 s apart: never unchanged for a whole settle interval while it is being written.
            var slow = Path.Combine(live, "a.dat");
            var clock = Stopwatch.StartNew();
            var lastWrite = TimeSpan.Zero;
            await using (var writer = new FileStream(slow, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
            {
                for (var chunk = 0; chunk < 6; chunk++)
                {
                    if (chunk > 0) await Task.Delay(500);
                    Assert.Empty(await store.ListItemsAsync(runId, null, null, 0, 10));
                    await writer.WriteAsync(RandomNumberGenerator.GetBytes(4096));
                    await writer.FlushAsync();
                    lastWrite = clock.Elapsed;
                }
            }
            await ClusterWaits.UntilAsync(async () => (await store.ListItemsAsync(runId, null, null, 0, 10)).Count > 0, "a.dat enqueued", orchestrator, pollMilliseconds: 20);
            var enqueuedAfter = clock.Elapsed - lastWrite;
            Assert.True(enqueuedAfter >= Settle * 0.9, $"a.dat was enqueued {enqueuedAfter.TotalMilliseconds:F0} ms after its last write, before it settled");

            File.WriteAllBytes(Path.Combine(live, "b.dat"), RandomNumberGenerator.GetBytes(1000));
            File.WriteAllBytes(Path.Combine(live, ".b.dat.part"), RandomNumberGenerator.GetBytes(10));
            File.WriteAllBytes(Path.Combine(live, "ignored.txt"), RandomNumberGenerator.GetBytes(10));
            await ClusterWaits.ItemsDoneAsync(store, runId, ["a.dat", "b.dat"], orchestrator);
            await ClusterWaits.AssertChecksumAsync(client, "beam", "a.dat", await File.ReadAllBytesAsync(slow));
            await ClusterWaits.AssertChecksumAsync(client, "beam", "b.dat", await File.ReadAllBytesAsync(Path.Combine(live, "b.dat")));

            await File.AppendAllTextAsync(slow, "one more line\n");
            await ClusterWaits.ItemsDoneAsync(store, runId, ["a.dat", "a.dat@v2", "b.dat"], orchestrator);
            await ClusterWaits.AssertChecksumAsync(client, "beam", "a.dat@v2", await File.ReadAllBytesAsync(slow));

            orchestrator.Kill();
            await orchestrator.WaitForExitAsync(Timeout);
            orchestrator.Dispose();
            orchestrator = ClusterProcess.Start(null, serveArgs);
            await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready again", orchestrator);
            // The scheduler brings the watch grain back on the new silo; then a few settle intervals of watching.
            await ClusterWaits.UntilAsync(async () => orchestrator.Output.Contains("Watching "), "the watch scanning again", orchestrator);
            await Task.Delay(Settle * 4);

            var items = await store.ListItemsAsync(runId, null, null, 0, 10);
            // In arrival order: the index is the order in which versions settled.
            Assert.Equal([("a.dat", ItemState.Done, 1), ("b.dat", ItemState.Done, 1), ("a.dat@v2", ItemState.Done, 1)],
                items.Select(i => (i.Key, i.State, i.Attempts)));
            var status = Assert.Single(await client.ListWatchesAsync());
            Assert.Equal((2L, 3L), (status.FilesSeen, status.VersionsEnqueued));
            Assert.Equal(RunState.Running, (await store.GetRunAsync(runId))!.State);

            await client.RemoveWatchAsync("beam");
            await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync(runId))!.State == RunState.Succeeded, "run finalised after removal", orchestrator);
            var missing = await Assert.ThrowsAsync<ClusterApiException>(() => client.RemoveWatchAsync("beam"));
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        }
        finally
        {
            orchestrator.Dispose();
        }
    }



}
