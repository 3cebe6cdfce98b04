using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cluster.Core.Metrics;
using Cluster.Core.Work;
using Cluster.Core.Working;

namespace Cluster.WorkerHost.Metrics;

/// <summary>
/// This worker process's own instruments (meter <c>Cluster.Worker</c>), per job kind; the cluster-wide numbers are on
/// the orchestrator's <c>/metrics</c>. Counters start at zero with the process, as Prometheus expects. The
/// <see cref="Worker"/> tells it about each claim and item end (<see cref="IWorkerObserver"/>).
/// </summary>
public sealed class WorkerMetrics : IWorkerObserver
{
    /// <summary>Bucket bounds for item processing times: 10 ms to 30 minutes.</summary>
    public static readonly IReadOnlyList<double> DurationBounds = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Counter<long> _claims;
    private readonly Counter<long> _ends;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _durations;
    private readonly ConcurrentDictionary<string, bool> _kinds = new(StringComparer.Ordinal);
    private int _busy;

    public WorkerMetrics(IMeterFactory meters, int slots)
    {
        var meter = meters.Create(ClusterMeters.Worker);
        _claims = meter.CreateCounter<long>("cluster.worker.claims", "{item}", "Items this worker claimed, by job kind.");
        _ends = meter.CreateCounter<long>("cluster.worker.items", "{item}", "Items that left this worker's slots, by job kind and how they ended.");
        _durations = meter.CreateHistogram("cluster.item.duration", "s",
            "Time from claim to outcome (input download, processing, artifact upload) of items that ran to an outcome, by job kind.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBounds });
        _bytes = meter.CreateCounter<long>("cluster.worker.artifact.bytes", "By", "Bytes of artifacts this worker uploaded, by job kind.");
        meter.CreateObservableGauge("cluster.worker.slots", () => slots, "{slot}", "Items this worker processes at once.");
        meter.CreateObservableUpDownCounter("cluster.worker.busy_slots", () => Busy, "{slot}", "Slots now holding an item.");
    }

    /// <summary>Busy slots now; the pod-deletion cost follows it.</summary>
    public int Busy => Volatile.Read(ref _busy);

    public void Claimed(ItemLease lease)
    {
        // A kind's counters start at zero for every outcome, so its series do not appear only with their first event.
        if (_kinds.TryAdd(lease.Kind, true))
        {
            foreach (var end in Enum.GetValues<ItemEnd>()) _ends.Add(0, Kind(lease), Outcome(end));
            _bytes.Add(0, Kind(lease));
        }
        _claims.Add(1, Kind(lease));
        Interlocked.Increment(ref _busy);
    }

    public void Finished(ItemLease lease, ItemEnd end, TimeSpan duration, long artifactBytes)
    {
        _ends.Add(1, Kind(lease), Outcome(end));
        _bytes.Add(artifactBytes, Kind(lease));
        // Only items that ran to an outcome: a release or a lost lease measures the shutdown or the outage, not the kind.
        if (end is ItemEnd.Done or ItemEnd.NoData or ItemEnd.Failed)
            _durations.Record(duration.TotalSeconds, Kind(lease));
        Interlocked.Decrement(ref _busy);
    }

    private static KeyValuePair<string, object?> Kind(ItemLease lease) => new("kind", lease.Kind);

    private static KeyValuePair<string, object?> Outcome(ItemEnd end) => new("outcome", end switch
    {
        ItemEnd.Done => "done",
        ItemEnd.NoData => "no_data",
        ItemEnd.Failed => "error",
        ItemEnd.Released => "released",
        ItemEnd.LeaseLost => "lease_lost",
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, null),
    });
}
