using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// `cluster serve` and one `cluster worker` on PostgreSQL with a watch (settle 1 s) over an <c>s3://</c> prefix on
/// s3rver, both processes configured through AWS_* variables: an uploaded object is processed once after it settled;
/// re-uploaded with other bytes of the same size it is processed again as version 2 (the ETag changed); an
/// orchestrator killed and restarted reprocesses nothing.
/// </summary>
public class S3WatchTests
{
    private const string Token = "s3-watch-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Settled_objects_are_processed_once_per_etag_and_a_restart_reprocesses_nothing()
    {
        var endpoint = TestS3.Endpoint;
        using var s3 = TestS3.RawClient();
        var bucket = await TestS3.NewBucketAsync("watch");
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var artifactRoot = temp.File("artifacts");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL"] = endpoint.AbsoluteUri,
            ["AWS_ACCESS_KEY_ID"] = TestS3.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = TestS3.SecretKey,
            ["CLUSTER_INPUT_BUCKETS"] = bucket,
        };
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        string[] serveArgs = ["serve", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}",
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs];
        var orchestrator = ClusterProcess.Start(environment, serveArgs);
        using var worker = ClusterProcess.Start(environment, "worker", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}", "--slots", "2");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server + "/") };
            var client = new ClusterClient(http, Token);
            await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready", orchestrator);
            var watch = await client.AddWatchAsync(new WatchRequest("beam", $"s3://{bucket}/live/", "*.dat", 1, "kind: checksum\nlease_seconds: 10\n"));
            Assert.Equal(($"s3://{bucket}/live", "*.dat"), (watch.Source, watch.Pattern));
            var otherBucket = await Assert.ThrowsAsync<ClusterApiException>(() =>
                client.AddWatchAsync(new WatchRequest("other", "s3://not-allowed/live", "*", 1, "kind: checksum\n")));
            Assert.Equal(HttpStatusCode.BadRequest, otherBucket.Status);
            Assert.Contains(otherBucket.Errors, e => e.Field == "source" && e.Message.Contains("not an input bucket"));
            await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
            var runId = (await store.GetRunAsync("beam"))!.Id;

            var first = RandomNumberGenerator.GetBytes(50_000);
            var clock = Stopwatch.StartNew();
            await PutAsync(s3, bucket, "live/a.dat", first);
            var uploaded = clock.Elapsed;
            await PutAsync(s3, bucket, "live/notes.txt", RandomNumberGenerator.GetBytes(10));
            await PutAsync(s3, bucket, "live/.a.dat.part", RandomNumberGenerator.GetBytes(10));
            await PutAsync(s3, bucket, "elsewhere/b.dat", RandomNumberGenerator.GetBytes(10));
            await ClusterWaits.UntilAsync(async () => (await store.ListItemsAsync(runId, null, null, 0, 10)).Count > 0, "a.dat enqueued", orchestrator, pollMilliseconds: 20);
            var enqueuedAfter = clock.Elapsed - uploaded;
            Assert.True(enqueuedAfter >= Settle * 0.9, $"a.dat was enqueued {enqueuedAfter.TotalMilliseconds:F0} ms after its upload, before it settled");
            await ClusterWaits.ItemsDoneAsync(store, runId, ["a.dat"], orchestrator);
            await ClusterWaits.AssertChecksumAsync(client, "beam", "a.dat", first);

            // Same size, other bytes: only the ETag tells the versions apart.
            var second = RandomNumberGenerator.GetBytes(first.Length);
            await PutAsync(s3, bucket, "live/a.dat", second);
            await ClusterWaits.ItemsDoneAsync(store, runId, ["a.dat", "a.dat@v2"], orchestrator);
            await ClusterWaits.AssertChecksumAsync(client, "beam", "a.dat@v2", second);

            orchestrator.Kill();
            await orchestrator.WaitForExitAsync(Timeout);
            orchestrator.Dispose();
            orchestrator = ClusterProcess.Start(environment, serveArgs);
            await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready again", orchestrator);
            await ClusterWaits.UntilAsync(async () => orchestrator.Output.Contains("Watching "), "the watch scanning again", orchestrator);
            await Task.Delay(Settle * 4);

            var items = await store.ListItemsAsync(runId, null, null, 0, 10);
            Assert.Equal([("a.dat", ItemState.Done, 1), ("a.dat@v2", ItemState.Done, 1)], items.Select(i => (i.Key, i.State, i.Attempts)));
            var status = Assert.Single(await client.ListWatchesAsync());
            Assert.Equal((1L, 2L), (status.FilesSeen, status.VersionsEnqueued));
        }
        finally
        {
            orchestrator.Dispose();
        }
    }

    private static Task PutAsync(AmazonS3Client s3, string bucket, string key, byte[] bytes) =>
        // Plain bodies: over http the SDK would send aws-chunked frames, which s3rver stores verbatim.
        s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(bytes), UseChunkEncoding = false });



}
