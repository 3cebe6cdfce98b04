using System.Diagnostics.Metrics;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// One scrape's measurements, all derived from one <see cref="WorkStatistics"/> read. Every kind seen anywhere gets a
/// measurement for each state and outcome, so series do not appear and vanish.
/// </summary>
public sealed class StatisticsMeasurements(WorkStatistics statistics, TimeSpan queryTime)
{
    private readonly IReadOnlyList<string> _kinds = statistics.Items.Select(i => i.Kind)
        .Concat(statistics.Transitions.Select(t => t.Kind)).Concat(statistics.ArtifactBytes.Select(a => a.Kind))
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public TimeSpan QueryTime => queryTime;

    public IEnumerable<Measurement<long>> Items() =>
        from kind in _kinds
        from state in Enum.GetValues<ItemState>()
        select Measure(statistics.Items.Where(i => i.Kind == kind && i.State == state).Sum(i => i.Count), ("kind", kind), ("state", state.Text()));

    /// <summary>Every claim ends in exactly one transition or is still leased, so claims = ended attempts + leased now.</summary>
    public IEnumerable<Measurement<long>> Claims() =>
        _kinds.Select(kind => Measure(Transitions(kind, [.. WorkStatistics.TransitionNames]) + Leased(kind), ("kind", kind)));

    public IEnumerable<Measurement<long>> Completions() =>
        _kinds.SelectMany(kind => new[]
        {
            Measure(Transitions(kind, "done"), ("kind", kind), ("outcome", "done")),
            Measure(Transitions(kind, "no_data"), ("kind", kind), ("outcome", "no_data")),
            Measure(Transitions(kind, "failed", "rescue_failed"), ("kind", kind), ("outcome", "error")),
        });

    public IEnumerable<Measurement<long>> Releases() => _kinds.Select(kind => Measure(Transitions(kind, "released"), ("kind", kind)));

    public IEnumerable<Measurement<long>> Rescues() =>
        _kinds.SelectMany(kind => new[]
        {
            Measure(Transitions(kind, "rescued"), ("kind", kind), ("outcome", "requeued")),
            Measure(Transitions(kind, "rescue_failed"), ("kind", kind), ("outcome", "failed")),
        });

    public IEnumerable<Measurement<long>> Runs() =>
        Enum.GetValues<RunState>().Select(state => Measure(statistics.Runs.Where(r => r.State == state).Sum(r => r.Count), ("state", state.Text())));

    public long QueueDepth => statistics.QueuePending + statistics.QueueLeased;

    public IEnumerable<Measurement<long>> QueueItems() =>
        [Measure(statistics.QueuePending, ("state", "pending")), Measure(statistics.QueueLeased, ("state", "leased"))];

    public int LiveWorkers => statistics.LiveWorkers;

    public int LiveSlots => statistics.LiveSlots;

    public IEnumerable<Measurement<long>> ArtifactBytes() =>
        _kinds.Select(kind => Measure(statistics.ArtifactBytes.Where(a => a.Kind == kind).Sum(a => a.Bytes), ("kind", kind)));

    private long Transitions(string kind, params string[] names) =>
        statistics.Transitions.Where(t => t.Kind == kind && names.Contains(t.Transition)).Sum(t => t.Count);

    private long Leased(string kind) => statistics.Items.Where(i => i.Kind == kind && i.State == ItemState.Leased).Sum(i => i.Count);

    private static Measurement<long> Measure(long value, params (string Name, string Value)[] tags) =>
        new(value, tags.Select(t => new KeyValuePair<string, object?>(t.Name, t.Value)));
}
