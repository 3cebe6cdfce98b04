using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cluster.Core.Metrics;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// The orchestrator's instruments (meter <c>Cluster.Orchestrator</c>): observable gauges and counters over the work
/// store, so every replica reports the same values and a restart loses nothing. Counters (<c>_total</c>) are derived
/// from the item log and never decrease. Per-process numbers (processing durations, bytes uploaded) are on each
/// worker's own <c>/metrics</c>.
/// </summary>
/// <remarks>
/// The instruments' callbacks are synchronous and a store read is not, so a scrape goes through
/// <see cref="ScrapeAsync"/>: it reads the store once, then lets the exporter collect, and every callback reports from
/// that one read. Scrapes run one at a time: a second one waits rather than doubling the store's load. Outside a
/// scrape the callbacks report nothing, so another listener in the process never triggers a store read.
/// </remarks>
public sealed class ClusterMetrics
{
    /// <summary>A worker whose heartbeat is older than this is not live (heartbeats come every few seconds).</summary>
    public static readonly TimeSpan WorkerAliveWithin = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _oneScrape = new(1, 1);
    private volatile StatisticsMeasurements? _current;

    public ClusterMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ClusterMeters.Orchestrator);
        meter.CreateObservableGauge("cluster.items", () => Read(m => m.Items()), "{item}", "Items now in each state, by job kind.");
        meter.CreateObservableCounter("cluster.item.claims", () => Read(m => m.Claims()), "{item}",
            "Items claimed by workers (attempts started), by job kind.");
        meter.CreateObservableCounter("cluster.item.completions", () => Read(m => m.Completions()), "{item}",
            "Items that reached a final state (error includes items whose attempts ran out after lost leases), by job kind.");
        meter.CreateObservableCounter("cluster.item.releases", () => Read(m => m.Releases()), "{item}",
            "Items handed back by a draining worker (attempt not counted), by job kind.");
        meter.CreateObservableCounter("cluster.lease.rescues", () => Read(m => m.Rescues()), "{lease}",
            "Expired leases taken back by the scheduler (a worker was lost): requeued, or failed after max_attempts.");
        meter.CreateObservableGauge("cluster.runs", () => Read(m => m.Runs()), "{run}", "Runs now in each state.");
        meter.CreateObservableGauge("cluster.queue.depth", () => Read(m => [new Measurement<long>(m.QueueDepth)]), "{item}",
            "Pending plus leased items (the queue_depth view that the KEDA trigger reads).");
        meter.CreateObservableGauge("cluster.queue.items", () => Read(m => m.QueueItems()), "{item}",
            "The queue depth split into pending and leased items.");
        meter.CreateObservableGauge("cluster.workers.live", () => Read(m => [new Measurement<long>(m.LiveWorkers)]), "{worker}",
            "Workers with a heartbeat in the last 30 seconds.");
        meter.CreateObservableGauge("cluster.worker.slots.live", () => Read(m => [new Measurement<long>(m.LiveSlots)]), "{slot}",
            "Slots of the live workers, summed.");
        meter.CreateObservableGauge("cluster.artifact.bytes", () => Read(m => m.ArtifactBytes()), "By",
            "Bytes of item artifacts recorded in the work store, by job kind.");
        meter.CreateObservableGauge<double>("cluster.metrics.query", () => _current is { } m ? [new(Math.Round(m.QueryTime.TotalSeconds, 6))] : [],
            "s", "Time this scrape spent reading the work store.");
    }

    /// <summary>Reads the store once, then runs <paramref name="collect"/> (the exporter) with the instruments reporting that read.</summary>
    public async Task ScrapeAsync(IWorkStatistics store, Func<Task> collect, CancellationToken ct)
    {
        await _oneScrape.WaitAsync(ct);
        try
        {
            var clock = Stopwatch.StartNew();
            var statistics = await store.StatisticsAsync(WorkerAliveWithin, ct);
            _current = new StatisticsMeasurements(statistics, clock.Elapsed);
            await collect();
        }
        finally
        {
            _current = null;
            _oneScrape.Release();
        }
    }

    private IEnumerable<Measurement<long>> Read(Func<StatisticsMeasurements, IEnumerable<Measurement<long>>> measure) =>
        _current is { } current ? measure(current) : [];
}
