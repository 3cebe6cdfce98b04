using System.Collections.Concurrent;
using Cluster.Core.Metrics;
using Cluster.Core.Work;
using Cluster.Core.Working;

namespace Cluster.WorkerHost.Metrics;

/// <summary>
/// This worker process's own counters and processing-time histograms, per job kind (the cluster-wide numbers are on
/// the orchestrator's <c>/metrics</c>). Counters start at zero with the process, as Prometheus expects.
/// </summary>
public sealed class WorkerMetrics(int slots) : IWorkerObserver
{
    private readonly ConcurrentDictionary<string, long> _claims = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Kind, ItemEnd End), long> _ends = new();
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _durations = new(StringComparer.Ordinal);
    private int _busy;

    public void Claimed(ItemLease lease)
    {
        _claims.AddOrUpdate(lease.Kind, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _busy);
    }

    public void Finished(ItemLease lease, ItemEnd end, TimeSpan duration, long artifactBytes)
    {
        _ends.AddOrUpdate((lease.Kind, end), 1, (_, n) => n + 1);
        _bytes.AddOrUpdate(lease.Kind, artifactBytes, (_, n) => n + artifactBytes);
        // Only items that ran to an outcome: a release or a lost lease measures the shutdown or the outage, not the kind.
        if (end is ItemEnd.Done or ItemEnd.NoData or ItemEnd.Failed)
            _durations.GetOrAdd(lease.Kind, _ => new Histogram(Histogram.DurationBounds)).Observe(duration.TotalSeconds);
        Interlocked.Decrement(ref _busy);
    }

    public string Render()
    {
        var writer = new PrometheusTextWriter();
        var kinds = _claims.Keys.Order(StringComparer.Ordinal).ToList();

        writer.Family("cluster_worker_claims_total", "counter", "Items this worker claimed, by job kind.");
        foreach (var kind in kinds)
            writer.Sample("cluster_worker_claims_total", _claims.GetValueOrDefault(kind), ("kind", kind));

        writer.Family("cluster_worker_items_total", "counter", "Items that left this worker's slots, by job kind and how they ended.");
        foreach (var kind in kinds)
            foreach (var end in Enum.GetValues<ItemEnd>())
                writer.Sample("cluster_worker_items_total", _ends.GetValueOrDefault((kind, end)), ("kind", kind), ("outcome", EndText(end)));

        writer.Family("cluster_item_duration_seconds", "histogram",
            "Time from claim to outcome (input download, processing, artifact upload) of items that ran to an outcome, by job kind.");
        foreach (var (kind, histogram) in _durations.OrderBy(d => d.Key, StringComparer.Ordinal))
            histogram.WriteTo(writer, "cluster_item_duration_seconds", ("kind", kind));

        writer.Family("cluster_worker_artifact_bytes_total", "counter", "Bytes of artifacts this worker uploaded, by job kind.");
        foreach (var kind in kinds)
            writer.Sample("cluster_worker_artifact_bytes_total", _bytes.GetValueOrDefault(kind), ("kind", kind));

        writer.Family("cluster_worker_slots", "gauge", "Items this worker processes at once.").Sample("cluster_worker_slots", slots);
        writer.Family("cluster_worker_busy_slots", "gauge", "Slots now holding an item.")
            .Sample("cluster_worker_busy_slots", Volatile.Read(ref _busy));
        return writer.ToString();
    }

    /// <summary>Busy slots now; the pod-deletion cost follows it.</summary>
    public int Busy => Volatile.Read(ref _busy);

    private static string EndText(ItemEnd end) => end switch
    {
        ItemEnd.Done => "done",
        ItemEnd.NoData => "no_data",
        ItemEnd.Failed => "error",
        ItemEnd.Released => "released",
        ItemEnd.LeaseLost => "lease_lost",
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, null),
    };
}
