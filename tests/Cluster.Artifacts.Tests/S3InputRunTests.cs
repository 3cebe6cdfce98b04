using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Hosting;
using Cluster.Grains.Runs;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;
using Cluster.TestSupport;

namespace Cluster.Artifacts.Tests;

/// <summary>
/// Run inputs in object storage (s3rver): the in-process scheduler lists an <c>s3://</c> prefix, the worker downloads
/// each object into its scratch directory and the checksum processor reads it there.
/// </summary>
public class S3InputRunTests
{
    private static S3Connection Connection => new() { Endpoint = TestS3.Endpoint, AccessKey = TestS3.AccessKey, SecretKey = TestS3.SecretKey };

    [Fact]
    public async Task A_checksum_run_over_an_s3_prefix_hashes_every_matching_object()
    {
        var bucket = await TestS3.NewBucketAsync();
        var uploaded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var client = TestS3.RawClient())
        {
            // Sizes straddle the 64 KiB copy buffer; notes.txt is outside the glob, other/ outside the prefix.
            string[] keys = ["raw/a.dat", "raw/b.dat", "raw/c.dat", "raw/notes.txt", "other/d.dat"];
            for (var i = 0; i < keys.Length; i++)
            {
                var bytes = RandomNumberGenerator.GetBytes(1000 + 70_000 * i);
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket, Key = keys[i], InputStream = new MemoryStream(bytes), UseChunkEncoding = false,
                });
                uploaded[keys[i]] = bytes;
            }
        }
        using var temp = new TempDirectory();
        await using var store = await WorkStores.OpenAsync($"sqlite://{temp.File("cluster.db")}", CancellationToken.None);
        var artifacts = new FileArtifactStore(temp.File("artifacts"));
        var kinds = ProcessorKinds.All();
        var spec = Core.Specs.JobSpecParser.Parse($"name: s3-run\nkind: checksum\ninput: {{directory: 's3://{bucket}/raw', glob: '*.dat'}}\n", kinds);
        // Two keys per listing page: the expansion must follow continuation tokens.
        using var objects = new S3InputObjects(Connection, listPageSize: 2);
        var roots = new InputRoots([temp.Path]);
        await using var cluster = await EmbeddedCluster.StartAsync(store, artifacts, kinds, roots,
            new WorkerOptions { Slots = 2, ScratchRoot = temp.File("scratch") }, objects: objects, inputs: objects);
        await cluster.SubmitAsync(spec.Name, new SubmitRun(spec.Kind, spec.ToJson(), 0, 3, 30, false, null));
        var run = (await store.GetRunAsync(spec.Name))!;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        RunInfo? finished = null;
        while (DateTime.UtcNow < deadline && finished is null)
        {
            var current = await store.GetRunAsync(run.Id);
            if (current!.State.IsFinished()) finished = current;
            else await Task.Delay(100);
        }
        await cluster.StopAsync();

        Assert.NotNull(finished);
        Assert.Equal(RunState.Succeeded, finished.State);
        var items = await store.ListItemsAsync(run.Id, null, null, 0, 10);
        Assert.Equal([("a.dat", 0L), ("b.dat", 1L), ("c.dat", 2L)], items.Select(i => (i.Key, i.Index)));
        foreach (var item in items)
        {
            var artifact = Assert.Single(await store.ArtifactsAsync(run.Id, item.Key)).Artifact;
            Assert.Equal($"{item.Key}.sha256.json", artifact.Name);
            await using var content = await artifacts.OpenVerifiedReadAsync(artifact);
            using var json = await JsonDocument.ParseAsync(content);
            var bytes = uploaded["raw/" + item.Key];
            Assert.Equal((item.Key, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))),
                (json.RootElement.GetProperty("key").GetString(), json.RootElement.GetProperty("size").GetInt64(),
                    json.RootElement.GetProperty("sha256").GetString()));
        }
        // Downloads live in each item's scratch directory, which goes with the item.
        Assert.Empty(Directory.EnumerateFiles(temp.File("scratch"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_sigmf_object_is_staged_with_its_partner_and_a_missing_object_is_named()
    {
        var bucket = await TestS3.NewBucketAsync();
        var meta = """{"global": {"core:datatype": "cf32_le"}}"""u8.ToArray();
        var data = RandomNumberGenerator.GetBytes(4096);
        using (var client = TestS3.RawClient())
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "run7/rec.sigmf-meta", InputStream = new MemoryStream(meta), UseChunkEncoding = false });
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "run7/rec.sigmf-data", InputStream = new MemoryStream(data), UseChunkEncoding = false });
        }
        using var temp = new TempDirectory();
        using var objects = new S3InputObjects(Connection);

        var local = await InputStaging.StageAsync(objects, $"s3://{bucket}/run7/rec.sigmf-meta", temp.Path, CancellationToken.None);

        Assert.Equal(Path.Combine(temp.Path, "input", "rec.sigmf-meta"), local);
        Assert.Equal(meta, await File.ReadAllBytesAsync(local));
        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(temp.Path, "input", "rec.sigmf-data")));
        Assert.Equal("/data/x.tiq", await InputStaging.StageAsync(null, "/data/x.tiq", temp.Path, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            InputStaging.StageAsync(objects, $"s3://{bucket}/run7/gone.tiq", temp.Path, CancellationToken.None));
        Assert.Contains($"s3://{bucket}/run7/gone.tiq", missing.Message);
        var unconfigured = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InputStaging.StageAsync(null, $"s3://{bucket}/run7/rec.sigmf-meta", temp.Path, CancellationToken.None));
        Assert.Contains("no object-store access", unconfigured.Message);
    }
}
