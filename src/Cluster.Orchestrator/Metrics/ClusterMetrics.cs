using System.Diagnostics;
using Cluster.Core.Metrics;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// The orchestrator's <c>/metrics</c>: cluster-wide numbers read from the work store at each scrape, so every replica
/// reports the same values and a restart loses nothing. Counters (<c>_total</c>) are derived from the item log and
/// never decrease. Per-process numbers (processing durations, bytes uploaded) are on each worker's own <c>/metrics</c>.
/// </summary>
public static class ClusterMetrics
{
    /// <summary>A worker whose heartbeat is older than this is not live (heartbeats come every few seconds).</summary>
    public static readonly TimeSpan WorkerAliveWithin = TimeSpan.FromSeconds(30);

    public static async Task<string> RenderAsync(IWorkStatistics store, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var statistics = await store.StatisticsAsync(WorkerAliveWithin, ct);
        var writer = new PrometheusTextWriter();
        Write(writer, statistics);
        writer.Family("cluster_metrics_query_seconds", "gauge", "Time this scrape spent reading the work store.")
            .Sample("cluster_metrics_query_seconds", Math.Round(clock.Elapsed.TotalSeconds, 6));
        return writer.ToString();
    }

    public static void Write(PrometheusTextWriter writer, WorkStatistics s)
    {
        // Every kind seen anywhere gets a sample for each state/outcome, so series do not appear and vanish.
        var kinds = s.Items.Select(i => i.Kind).Concat(s.Transitions.Select(t => t.Kind)).Concat(s.ArtifactBytes.Select(a => a.Kind))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        writer.Family("cluster_items", "gauge", "Items now in each state, by job kind.");
        foreach (var kind in kinds)
            foreach (var state in Enum.GetValues<ItemState>())
                writer.Sample("cluster_items", s.Items.Where(i => i.Kind == kind && i.State == state).Sum(i => i.Count),
                    ("kind", kind), ("state", state.Text()));

        long Transitions(string kind, params string[] names) =>
            s.Transitions.Where(t => t.Kind == kind && names.Contains(t.Transition)).Sum(t => t.Count);
        long Leased(string kind) => s.Items.Where(i => i.Kind == kind && i.State == ItemState.Leased).Sum(i => i.Count);

        // Every claim ends in exactly one transition or is still leased, so claims = ended attempts + leased now.
        writer.Family("cluster_item_claims_total", "counter", "Items claimed by workers (attempts started), by job kind.");
        foreach (var kind in kinds)
            writer.Sample("cluster_item_claims_total", Transitions(kind, [.. WorkStatistics.TransitionNames]) + Leased(kind), ("kind", kind));

        writer.Family("cluster_item_completions_total", "counter",
            "Items that reached a final state (error includes items whose attempts ran out after lost leases), by job kind.");
        foreach (var kind in kinds)
        {
            writer.Sample("cluster_item_completions_total", Transitions(kind, "done"), ("kind", kind), ("outcome", "done"));
            writer.Sample("cluster_item_completions_total", Transitions(kind, "no_data"), ("kind", kind), ("outcome", "no_data"));
            writer.Sample("cluster_item_completions_total", Transitions(kind, "failed", "rescue_failed"), ("kind", kind), ("outcome", "error"));
        }

        writer.Family("cluster_item_releases_total", "counter", "Items handed back by a draining worker (attempt not counted), by job kind.");
        foreach (var kind in kinds)
            writer.Sample("cluster_item_releases_total", Transitions(kind, "released"), ("kind", kind));

        writer.Family("cluster_lease_rescues_total", "counter",
            "Expired leases taken back by the scheduler (a worker was lost): requeued, or failed after max_attempts.");
        foreach (var kind in kinds)
        {
            writer.Sample("cluster_lease_rescues_total", Transitions(kind, "rescued"), ("kind", kind), ("outcome", "requeued"));
            writer.Sample("cluster_lease_rescues_total", Transitions(kind, "rescue_failed"), ("kind", kind), ("outcome", "failed"));
        }

        writer.Family("cluster_runs", "gauge", "Runs now in each state.");
        foreach (var state in Enum.GetValues<RunState>())
            writer.Sample("cluster_runs", s.Runs.Where(r => r.State == state).Sum(r => r.Count), ("state", state.Text()));

        writer.Family("cluster_queue_depth", "gauge",
            "Pending plus leased items (the queue_depth view that the KEDA trigger reads).")
            .Sample("cluster_queue_depth", s.QueuePending + s.QueueLeased);
        writer.Family("cluster_queue_items", "gauge", "The queue depth split into pending and leased items.")
            .Sample("cluster_queue_items", s.QueuePending, ("state", "pending"))
            .Sample("cluster_queue_items", s.QueueLeased, ("state", "leased"));

        writer.Family("cluster_workers_live", "gauge", "Workers with a heartbeat in the last 30 seconds.")
            .Sample("cluster_workers_live", s.LiveWorkers);
        writer.Family("cluster_worker_slots_live", "gauge", "Slots of the live workers, summed.")
            .Sample("cluster_worker_slots_live", s.LiveSlots);

        writer.Family("cluster_artifact_bytes", "gauge", "Bytes of item artifacts recorded in the work store, by job kind.");
        foreach (var kind in kinds)
            writer.Sample("cluster_artifact_bytes", s.ArtifactBytes.Where(a => a.Kind == kind).Sum(a => a.Bytes), ("kind", kind));
    }
}
