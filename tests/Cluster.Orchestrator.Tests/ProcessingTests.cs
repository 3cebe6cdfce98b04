using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Cluster.Client;
using Cluster.Core.Work;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;

namespace Cluster.Orchestrator.Tests;

/// <summary>Runs processed to the end by an in-process worker, observed through the API.</summary>
public sealed class ProcessingTests(WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>
{
    private OrchestratorServer Server => fixture.Server;
    private ClusterClient Client => Server.Client();

    [Fact]
    public async Task Checksum_run_succeeds_with_progress_document_rate_and_eta()
    {
        await Client.SubmitAsync("name: sums\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");

        var run = await Server.WaitForRunAsync("sums", r => r.State.IsFinished());

        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(3, run.Counts.Done);
        Assert.NotNull(run.FinishedAt);
        var seconds = (run.FinishedAt!.Value - run.StartedAt!.Value).TotalSeconds;
        Assert.Equal(3 / seconds, run.Rate!.Value, 6);
        Assert.Equal(0, run.EtaSeconds);

        var progress = await Client.ProgressAsync("sums");
        Assert.Equal(["a.dat", "b.dat", "c.dat"], progress.CompletedItems.Order());
        Assert.Empty(progress.Errors);
        Assert.Empty(progress.NoData);
        Assert.InRange(progress.LastIndex, 0, 2);
        Assert.Equal(1, progress.SchemaVersion);

        // The pinned document format, read as plain JSON.
        using var raw = JsonDocument.Parse(await Server.Http.GetStringAsync("api/runs/sums/progress"));
        Assert.Equal(["completed_items", "errors", "no_data", "last_index", "schema_version"],
            raw.RootElement.EnumerateObject().Select(p => p.Name));

        var items = await Client.ListItemsAsync("sums", ItemState.Done);
        Assert.Equal(3, items.Items.Count);
        Assert.All(items.Items, i => Assert.Equal(1, i.Attempts));
        var log = await Client.ItemLogAsync("sums", "b.dat");
        Assert.NotEmpty(log);
    }

    [Fact]
    public async Task Artifacts_carry_the_sha256_of_their_bytes_and_stream_identically()
    {
        await Client.SubmitAsync("name: arts\nkind: checksum\ninput:\n  directory: data\n  items: [b.dat, a.dat]\n");
        await Server.WaitForRunAsync("arts", r => r.State.IsFinished());
        var store = new FileArtifactStore(Server.ArtifactRoot);

        // The scheduler writes progress.json in the tick that finalises the run, just after the state changes.
        var all = await Server.WaitForArtifactsAsync("arts", list => list.Any(a => a.Item == "" && a.Name == "progress.json"));
        foreach (var key in new[] { "a.dat", "b.dat" })
        {
            var artifact = Assert.Single(await Client.ListArtifactsAsync("arts", key));
            Assert.Equal(key + ".sha256.json", artifact.Name);
            Assert.Equal("application/json", artifact.MediaType);
            var onDisk = await File.ReadAllBytesAsync(store.PathOf(artifact.StoreKey));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(onDisk)), artifact.Sha256);
            Assert.Equal(onDisk.Length, artifact.Size);

            await using var stream = await Client.OpenArtifactAsync("arts", key, artifact.Name);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(onDisk, copy.ToArray());

            var served = await Server.Http.GetAsync(artifact.ContentPath.TrimStart('/'));
            Assert.Equal("application/json", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal(onDisk, await served.Content.ReadAsByteArrayAsync());

            // Independent reader: Python checks the artifact's claim about the input file.
            var verdict = Python.Run("""
                import hashlib, json, sys
                doc = json.load(open(sys.argv[1]))
                data = open(sys.argv[2], 'rb').read()
                print(doc['key'] == sys.argv[3] and doc['size'] == len(data) and doc['sha256'] == hashlib.sha256(data).hexdigest())
                """, store.PathOf(artifact.StoreKey), Path.Combine(Server.DataDirectory, key), key);
            Assert.Equal("True", verdict.Trim());
        }

        var missing = await Assert.ThrowsAsync<ClusterApiException>(() => Client.OpenArtifactAsync("arts", "a.dat", "nope.png"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        var noName = await Server.Http.GetAsync("api/runs/arts/artifacts/content?item=a.dat");
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
    }

    [Fact]
    public async Task Failed_items_are_reported_and_retry_requeues_them()
    {
        await Client.SubmitAsync("name: partly\nkind: checksum\nmax_attempts: 1\ninput:\n  directory: data\n  items: [a.dat, gone.dat]\n");
        var run = await Server.WaitForRunAsync("partly", r => r.State.IsFinished());
        Assert.Equal(RunState.CompletedWithErrors, run.State);
        Assert.Equal(1, run.Counts.Done);
        Assert.Equal(1, run.Counts.Error);

        var progress = await Client.ProgressAsync("partly");
        Assert.Equal(["a.dat"], progress.CompletedItems);
        Assert.Equal(["gone.dat"], progress.Errors);
        var failed = Assert.Single((await Client.ListItemsAsync("partly", ItemState.Error)).Items);
        Assert.Equal("gone.dat", failed.Key);
        Assert.Contains("gone.dat", failed.Error);
        Assert.Contains((await Client.ItemLogAsync("partly", "gone.dat")), line => line.Message.Contains("gone.dat"));

        var retried = await Client.RetryAsync("partly");
        Assert.Equal(1, retried.ItemsRequeued);
        // The scheduler is woken by the retry itself: the missing file may already have failed again when the answer is read.
        Assert.Contains(retried.Run.State, new[] { RunState.Running, RunState.CompletedWithErrors });
        var again = await Server.WaitForRunAsync("partly", r => r.State.IsFinished());
        Assert.Equal(RunState.CompletedWithErrors, again.State);
        Assert.Equal(1, again.Counts.Done);
        Assert.Equal(1, again.Counts.Error);
        Assert.Equal(1, Assert.Single((await Client.ListItemsAsync("partly", ItemState.Error)).Items).Attempts);
    }

    [Fact]
    public async Task Retry_of_a_run_without_errors_is_a_conflict()
    {
        await Client.SubmitAsync("name: clean\nkind: checksum\ninput:\n  directory: data\n  items: [c.dat]\n");
        await Server.WaitForRunAsync("clean", r => r.State.IsFinished());

        var e = await Assert.ThrowsAsync<ClusterApiException>(() => Client.RetryAsync("clean"));
        Assert.Equal(HttpStatusCode.Conflict, e.Status);
        var cancel = await Assert.ThrowsAsync<ClusterApiException>(() => Client.CancelAsync("clean"));
        Assert.Equal(HttpStatusCode.Conflict, cancel.Status);
    }

    [Fact]
    public async Task Silos_list_shows_the_one_silo_with_both_roles_its_slots_and_activations()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        while (true)
        {
            var silos = await Client.ListSilosAsync();
            var silo = Assert.Single(silos);
            // The worker registers with the scheduler within its 2 s period, the keeper reports the orchestrator every second.
            if (silo.Role == "orchestrator+worker")
            {
                Assert.Equal("active", silo.Status);
                Assert.Equal(2, silo.Slots);
                Assert.True(silo.Activations > 0, $"{silo.Activations} activations");
                Assert.Contains($"-{Environment.ProcessId}-", silo.Name);
                Assert.Matches(@"^127\.0\.0\.1:\d+@\d+$", silo.Address);
                return;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"role still {silo.Role}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Workers_list_shows_the_live_worker()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var workers = await Client.ListWorkersAsync();
            var mine = workers.SingleOrDefault();
            if (mine is not null)
            {
                Assert.Equal(2, mine.Slots);
                Assert.Equal(Environment.ProcessId, mine.ProcessId);
                Assert.Equal(Environment.MachineName, mine.Host);
                Assert.InRange(DateTimeOffset.UtcNow - mine.HeartbeatAt, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(30));
                return;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, "the worker never appeared in /api/workers");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Log_of_an_unknown_item_is_404_and_key_is_required()
    {
        await Client.SubmitAsync("name: logs\nkind: checksum\ninput:\n  directory: data\n  items: [a.dat]\n");
        await Server.WaitForRunAsync("logs", r => r.State.IsFinished());

        var e = await Assert.ThrowsAsync<ClusterApiException>(() => Client.ItemLogAsync("logs", "z.dat"));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Server.Http.GetAsync("api/runs/logs/log")).StatusCode);
    }
}
