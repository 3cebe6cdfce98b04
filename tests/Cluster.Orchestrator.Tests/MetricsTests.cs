using Cluster.Core.Work;
using Cluster.TestSupport;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// <c>/metrics</c> parsed by the Prometheus Python client's parser, and every number compared with what the work store
/// says directly.
/// </summary>
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
        Assert.All(metrics.Families, f => Assert.False(string.IsNullOrWhiteSpace(f.Help), $"{f.Name} has no help"));
    }

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
