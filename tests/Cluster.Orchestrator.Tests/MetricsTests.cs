using Cluster.Core.Work;
using Cluster.TestSupport;
using Cluster.WorkerHost;
using Cluster.WorkerHost.Metrics;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// <c>/metrics</c> parsed by the Prometheus Python client's parser, and every number compared with what the work store
/// says directly.
/// </summary>
/// <remarks>The families and types that docs/operations.md lists, which dashboards and alerts are written against.</remarks>
public sealed class MetricsTests
{
    private const string Kind = "checksum";

    [Fact]
    public async Task An_empty_cluster_exposes_typed_families_and_a_zero_queue()
    {
        await using var server = await OrchestratorServer.StartAsync();

        using var response = await server.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var metrics = PrometheusExposition.Parse(text);
        Assert.Equal(0, metrics.Value("cluster_queue_depth"));
        Assert.Equal(0, metrics.Value("cluster_workers_live"));
        Assert.Equal(0, metrics.Value("cluster_runs", ("state", "running")));
        Assert.All(metrics.Families.Where(Own), f => Assert.False(string.IsNullOrWhiteSpace(f.Help), $"{f.Name} has no help"));
        // Orleans' own meter beside the cluster's (its instruments carry no help text).
        Assert.Contains(metrics.Families, f => f.Name.StartsWith("orleans_", StringComparison.Ordinal));
    }

    private static bool Own(PrometheusExposition.Family family) => family.Name.StartsWith("cluster_", StringComparison.Ordinal);

    [Fact]
    public async Task Counters_after_a_processed_run_match_the_store()
    {
        await using var server = await OrchestratorServer.StartAsync(workerSlots: 2);
        var client = server.Client();
        await client.SubmitAsync("name: sums\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");
        await server.WaitForRunAsync("sums", r => r.State.IsFinished());

        var metrics = PrometheusExposition.Parse(await server.Http.GetStringAsync("metrics"));

        var run = (await server.Store.GetRunAsync("sums"))!;
        Assert.Equal(3, run.Counts.Done);
        Assert.Equal(run.Counts.Done, metrics.Value("cluster_items", ("kind", Kind), ("state", "done")));
        Assert.Equal(0, metrics.Value("cluster_items", ("kind", Kind), ("state", "pending")));
        Assert.Equal(run.Counts.Done, metrics.Value("cluster_item_completions_total", ("kind", Kind), ("outcome", "done")));
        Assert.Equal(0, metrics.Value("cluster_item_completions_total", ("kind", Kind), ("outcome", "error")));
        var items = await server.Store.ListItemsAsync(run.Id, null, null, 0, 100);
        Assert.Equal(items.Sum(i => i.Attempts), metrics.Value("cluster_item_claims_total", ("kind", Kind)));
        Assert.Equal(1, metrics.Value("cluster_runs", ("state", "succeeded")));
        Assert.Equal(0, metrics.Value("cluster_queue_depth"));
        var artifacts = await server.Store.ArtifactsAsync(run.Id, null);
        var itemBytes = artifacts.Where(a => a.ItemKey != "").Sum(a => a.Artifact.Size);
        Assert.True(itemBytes > 0);
        Assert.Equal(itemBytes, metrics.Value("cluster_artifact_bytes", ("kind", Kind)));
        var workers = await server.Store.ListWorkersAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(workers.Count, metrics.Value("cluster_workers_live"));
        Assert.Equal(workers.Sum(w => w.Slots), metrics.Value("cluster_worker_slots_live"));
    }

    private static readonly (string Sample, string Type)[] OrchestratorFamilies =
    [
        ("cluster_items", "gauge"), ("cluster_item_claims_total", "counter"), ("cluster_item_completions_total", "counter"),
        ("cluster_item_releases_total", "counter"), ("cluster_lease_rescues_total", "counter"), ("cluster_runs", "gauge"),
        ("cluster_queue_depth", "gauge"), ("cluster_queue_items", "gauge"), ("cluster_workers_live", "gauge"),
        ("cluster_worker_slots_live", "gauge"), ("cluster_artifact_bytes", "gauge"), ("cluster_metrics_query_seconds", "gauge"),
    ];

    private static readonly (string Sample, string Type)[] WorkerFamilies =
    [
        ("cluster_worker_claims_total", "counter"), ("cluster_worker_items_total", "counter"),
        ("cluster_item_duration_seconds_bucket", "histogram"), ("cluster_worker_artifact_bytes_total", "counter"),
        ("cluster_worker_slots", "gauge"), ("cluster_worker_busy_slots", "gauge"),
    ];

    [Fact]
    public async Task Orchestrator_and_worker_metrics_after_a_run_have_the_documented_names_types_and_values()
    {
        // The worker is a silo of its own: it joins the orchestrator's cluster through the PostgreSQL membership tables.
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var server = await OrchestratorServer.StartAsync(o => o.Store = database.ConnectionString);
        // One item fails: its file is deleted after the run is expanded and before the worker starts.
        var broken = Path.Combine(server.DataDirectory, "zz.dat");
        await File.WriteAllTextAsync(broken, "gone soon");
        await server.Client().SubmitAsync("name: sums\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");
        await server.WaitForRunAsync("sums", r => r.Counts.Pending == 4);
        File.Delete(broken);
        var workerMetrics = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/");
        using var worker = WorkerApp.Build(o =>
        {
            o.Store = database.ConnectionString;
            o.Artifacts = new Uri(server.ArtifactRoot).AbsoluteUri;
            o.Slots = 3;
            o.MetricsUrls = workerMetrics.AbsoluteUri;
            o.DrainSeconds = 1;
        });
        await worker.StartAsync();
        try
        {
            await server.WaitForRunAsync("sums", r => r.State.IsFinished());
            var cluster = PrometheusExposition.Parse(await server.Http.GetStringAsync("metrics"));
            var own = PrometheusExposition.Parse(await server.Http.GetStringAsync(new Uri(workerMetrics, "metrics")));

            // Exactly the documented families on each: the worker host runs in this process too, and neither exports
            // the other's meter although both export both meter names.
            Assert.Equal(OrchestratorFamilies.Select(f => f.Sample).Order(), SampleNames(cluster));
            Assert.Equal(WorkerFamilies.Select(f => f.Sample).Concat(["cluster_item_duration_seconds_count", "cluster_item_duration_seconds_sum"]).Order(),
                SampleNames(own));
            Assert.All(OrchestratorFamilies, f => Assert.Equal(f.Type, cluster.TypeOf(f.Sample)));
            Assert.All(WorkerFamilies, f => Assert.Equal(f.Type, own.TypeOf(f.Sample)));
            Assert.All(cluster.Families.Concat(own.Families).Where(Own), f => Assert.False(string.IsNullOrWhiteSpace(f.Help), $"{f.Name} has no help"));

            var run = (await server.Store.GetRunAsync("sums"))!;
            Assert.Equal((3L, 1L), (run.Counts.Done, run.Counts.Error));
            var itemBytes = (await server.Store.ArtifactsAsync(run.Id, null)).Where(a => a.ItemKey != "").Sum(a => a.Artifact.Size);
            Assert.True(itemBytes > 0);
            Assert.Equal(3, cluster.Value("cluster_item_completions_total", ("kind", Kind), ("outcome", "done")));
            Assert.Equal(1, cluster.Value("cluster_item_completions_total", ("kind", Kind), ("outcome", "error")));
            Assert.Equal(4, cluster.Value("cluster_item_claims_total", ("kind", Kind)));
            Assert.Equal(1, cluster.Value("cluster_workers_live"));
            Assert.Equal(3, cluster.Value("cluster_worker_slots_live"));
            Assert.Equal(itemBytes, cluster.Value("cluster_artifact_bytes", ("kind", Kind)));

            Assert.Equal(4, own.Value("cluster_worker_claims_total", ("kind", Kind)));
            Assert.Equal(3, own.Value("cluster_worker_items_total", ("kind", Kind), ("outcome", "done")));
            Assert.Equal(1, own.Value("cluster_worker_items_total", ("kind", Kind), ("outcome", "error")));
            Assert.Equal(0, own.Value("cluster_worker_items_total", ("kind", Kind), ("outcome", "released")));
            Assert.Equal(itemBytes, own.Value("cluster_worker_artifact_bytes_total", ("kind", Kind)));
            Assert.Equal((3, 0), (own.Value("cluster_worker_slots"), own.Value("cluster_worker_busy_slots")));
            // The histogram has the documented buckets (10 ms .. 30 min, then +Inf), cumulative, all four items in the last.
            var buckets = own.Samples("cluster_item_duration_seconds_bucket", ("kind", Kind));
            Assert.Equal([.. WorkerMetrics.DurationBounds, double.PositiveInfinity], buckets.Select(b => b.Labels["le"] == "+Inf"
                ? double.PositiveInfinity : double.Parse(b.Labels["le"], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(buckets.Select(b => b.Value).Order(), buckets.Select(b => b.Value));
            Assert.Equal((4, 4), (buckets[^1].Value, own.Value("cluster_item_duration_seconds_count", ("kind", Kind))));
            Assert.InRange(own.Value("cluster_item_duration_seconds_sum", ("kind", Kind)), 0, 60);

            // Prometheus itself asks for OpenMetrics first: the same samples, plus the counters' _created.
            await AssertOpenMetricsAgreesAsync(server.Http, new Uri(server.Address, "metrics"), cluster);
            await AssertOpenMetricsAgreesAsync(server.Http, new Uri(workerMetrics, "metrics"), own);
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static async Task AssertOpenMetricsAgreesAsync(HttpClient http, Uri metrics, PrometheusExposition text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, metrics);
        request.Headers.TryAddWithoutValidation("Accept", PrometheusExposition.PrometheusAccept);
        using var response = await http.SendAsync(request);
        Assert.StartsWith("application/openmetrics-text; version=1.0.0", response.Content.Headers.ContentType!.ToString());
        var open = PrometheusExposition.Parse(await response.Content.ReadAsStringAsync(), openMetrics: true);
        static IEnumerable<string> Comparable(PrometheusExposition m) => m.Families.SelectMany(f => f.Samples)
            // Orleans' instruments move between two scrapes; the cluster's must agree.
            .Where(s => s.Name.StartsWith("cluster_", StringComparison.Ordinal) && !s.Name.EndsWith("_created", StringComparison.Ordinal) && s.Name != "cluster_metrics_query_seconds")
            .Select(s => $"{s.Name}{{{string.Join(",", s.Labels.OrderBy(l => l.Key).Select(l => $"{l.Key}={Canonical(l.Key, l.Value)}"))}}} {s.Value}").Order();
        // OpenMetrics writes bucket bounds as canonical floats ("1.0" where the text format has "1").
        static string Canonical(string label, string value) => label == "le" && value != "+Inf"
            ? double.Parse(value, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : value;
        Assert.Equal(Comparable(text), Comparable(open));
        Assert.Equal(text.Families.Where(Own).Select(f => (f.Name, f.Type)).Order(), open.Families.Where(Own).Select(f => (f.Name, f.Type)).Order());
    }

    private static IEnumerable<string> SampleNames(PrometheusExposition metrics) =>
        metrics.Families.Where(Own).SelectMany(f => f.Samples).Select(s => s.Name).Distinct().Order();

    [Fact]
    public async Task Releases_rescues_and_the_queue_depth_view_are_counted()
    {
        await using var server = await OrchestratorServer.StartAsync(o => o.SchedulerTickSeconds = 3600);
        var client = server.Client();
        // lease_seconds 1 and no worker: the test claims by hand and lets one lease expire.
        await client.SubmitAsync("name: held\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\nlease_seconds: 1\nmax_attempts: 1\n");
        // The run grain expands the input after the submission returns.
        await server.WaitForRunAsync("held", r => r.Total == 3);

        var claimed = await server.Store.ClaimAsync("hand", 2);
        Assert.Equal(2, claimed.Count);
        Assert.True(await server.Store.ReleaseAsync(claimed[0].Token, "test"));
        var leasedNow = PrometheusExposition.Parse(await server.Http.GetStringAsync("metrics"));
        Assert.Equal(3, leasedNow.Value("cluster_queue_depth"));
        Assert.Equal(1, leasedNow.Value("cluster_queue_items", ("state", "leased")));
        Assert.Equal(2, leasedNow.Value("cluster_queue_items", ("state", "pending")));
        Assert.Equal(2, leasedNow.Value("cluster_item_claims_total", ("kind", Kind)));
        Assert.Equal(1, leasedNow.Value("cluster_item_releases_total", ("kind", Kind)));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var rescued = await server.Store.RescueExpiredAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(new RescueResult(0, 1), rescued);

        var metrics = PrometheusExposition.Parse(await server.Http.GetStringAsync("metrics"));
        Assert.Equal(1, metrics.Value("cluster_lease_rescues_total", ("kind", Kind), ("outcome", "failed")));
        Assert.Equal(0, metrics.Value("cluster_lease_rescues_total", ("kind", Kind), ("outcome", "requeued")));
        Assert.Equal(1, metrics.Value("cluster_item_completions_total", ("kind", Kind), ("outcome", "error")));
        Assert.Equal(1, metrics.Value("cluster_items", ("kind", Kind), ("state", "error")));
        // Claims never decrease: the two attempts are still counted after the release and the rescue.
        Assert.Equal(2, metrics.Value("cluster_item_claims_total", ("kind", Kind)));
        Assert.Equal(2, metrics.Value("cluster_queue_depth"));
        var run = (await server.Store.GetRunAsync("held"))!;
        Assert.Equal(run.Counts.Pending + run.Counts.Leased, metrics.Value("cluster_queue_depth"));
    }
}
