using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// `cluster serve` and `cluster worker --metrics-urls` as real processes on PostgreSQL: both /metrics bodies parse
/// as Prometheus exposition text, and their numbers equal the store's; the worker's JSON log lines carry run and item.
/// </summary>
public class MetricsProcessTests
{
    private const string Token = "metrics-token-0123456789";
    private const int Items = 20;

    [Fact]
    public async Task Orchestrator_and_worker_metrics_match_the_store_and_logs_carry_run_and_item()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(inputs, "batch")).FullName;
        for (var i = 0; i < Items; i++)
            File.WriteAllText(Path.Combine(data, $"f{i:D2}.dat"), new string('x', 100 + i));
        // Deleted once the run is expanded and before the worker starts: that item fails with a logged error.
        var broken = Path.Combine(data, "zz-broken.dat");
        File.WriteAllText(broken, "gone soon");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        var workerMetrics = $"http://127.0.0.1:{FreePort.Next()}";
        var artifacts = $"file://{temp.File("artifacts")}";

        using var orchestrator = ClusterProcess.Start(null, "serve", "--store", database.ConnectionString, "--artifacts", artifacts,
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs, "--log-format", "json");
        using var http = new HttpClient();
        await ClusterWaits.UntilAsync(async () => await ClusterWaits.ReadyAsync(new Client.ClusterClient(new HttpClient { BaseAddress = new Uri(server) }, null)),
            "orchestrator ready", orchestrator);
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"{server}/api/runs")
        {
            Content = new StringContent("name: sums\nkind: checksum\ninput: {directory: batch, glob: '*.dat'}\n", Encoding.UTF8, "application/yaml"),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await http.SendAsync(submit);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("sums"))?.Counts.Pending == Items + 1, "run expanded", orchestrator);
        File.Delete(broken);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", artifacts,
            "--slots", "2", "--metrics-urls", workerMetrics, "--log-format", "json");
        await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("sums"))?.State.IsFinished() == true, "run finished", orchestrator);
        var run = (await store.GetRunAsync("sums"))!;
        Assert.Equal((Items, 1L), (run.Counts.Done, run.Counts.Error));

        var cluster = PrometheusExposition.Parse(await http.GetStringAsync($"{server}/metrics"));
        Assert.Equal(Items, cluster.Value("cluster_items", ("kind", "checksum"), ("state", "done")));
        Assert.Equal(1, cluster.Value("cluster_items", ("kind", "checksum"), ("state", "error")));
        Assert.Equal(Items, cluster.Value("cluster_item_completions_total", ("kind", "checksum"), ("outcome", "done")));
        Assert.Equal(1, cluster.Value("cluster_item_completions_total", ("kind", "checksum"), ("outcome", "error")));
        Assert.Equal(Items + 1, cluster.Value("cluster_item_claims_total", ("kind", "checksum")));
        Assert.Equal(1, cluster.Value("cluster_workers_live"));
        Assert.Equal(2, cluster.Value("cluster_worker_slots_live"));
        var itemBytes = (await store.ArtifactsAsync(run.Id, null)).Where(a => a.ItemKey != "").Sum(a => a.Artifact.Size);
        Assert.Equal(itemBytes, cluster.Value("cluster_artifact_bytes", ("kind", "checksum")));

        var own = PrometheusExposition.Parse(await http.GetStringAsync($"{workerMetrics}/metrics"));
        Assert.Equal(Items + 1, own.Value("cluster_worker_claims_total", ("kind", "checksum")));
        Assert.Equal(Items, own.Value("cluster_worker_items_total", ("kind", "checksum"), ("outcome", "done")));
        Assert.Equal(1, own.Value("cluster_worker_items_total", ("kind", "checksum"), ("outcome", "error")));
        Assert.Equal(Items + 1, own.Value("cluster_item_duration_seconds_count", ("kind", "checksum")));
        Assert.Equal(Items + 1, own.Value("cluster_item_duration_seconds_bucket", ("kind", "checksum"), ("le", "+Inf")));
        Assert.Equal(itemBytes, own.Value("cluster_worker_artifact_bytes_total", ("kind", "checksum")));
        Assert.Equal(0, own.Value("cluster_worker_busy_slots"));
        Assert.Equal("Healthy", await http.GetStringAsync($"{workerMetrics}/healthz"));

        // The failed item's log line is JSON whose scope names the run and the item.
        var failure = worker.Output.Split('\n').Where(l => l.StartsWith('{') && l.Contains("zz-broken.dat"))
            .Select(l => JsonDocument.Parse(l)).FirstOrDefault(j => j.RootElement.GetProperty("LogLevel").GetString() == "Error");
        Assert.True(failure is not null, worker.Output);
        var scope = failure!.RootElement.GetProperty("Scopes").EnumerateArray().Single(s => s.TryGetProperty("Item", out _));
        Assert.Equal(("sums", "zz-broken.dat", run.Id), (scope.GetProperty("Run").GetString(), scope.GetProperty("Item").GetString(),
            scope.GetProperty("RunId").GetInt64()));
        // The orchestrator logs JSON too.
        Assert.Contains(orchestrator.Output.Split('\n'), l => l.StartsWith('{') && l.Contains("\"Category\":\"Cluster.Grains.Scheduling.SchedulerGrain\""));

        worker.Terminate();
        orchestrator.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await orchestrator.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
