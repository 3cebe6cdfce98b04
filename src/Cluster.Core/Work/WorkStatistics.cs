namespace Cluster.Core.Work;

/// <summary>
/// Cluster-wide counts for monitoring, read in one pass from the store (both stores implement it). The transition
/// counts come from the <c>item_transitions</c> view over the item log, so they are durable across restarts, never
/// decrease, and agree exactly with what the items went through.
/// </summary>
public interface IWorkStatistics
{
    /// <param name="workerAliveWithin">A worker whose last heartbeat is older than this is not counted as live.</param>
    Task<WorkStatistics> StatisticsAsync(TimeSpan workerAliveWithin, CancellationToken ct = default);
}

/// <summary>A snapshot of the store for <c>/metrics</c>.</summary>
/// <param name="Items">Items now in each (kind, state).</param>
/// <param name="Transitions">Ended attempts per (kind, transition): done, no_data, failed, released, rescued, rescue_failed.</param>
/// <param name="Runs">Runs now in each state.</param>
/// <param name="QueuePending">Pending items (the <c>queue_depth</c> view), including those waiting out a rescue backoff.</param>
/// <param name="QueueLeased">Leased items (in a worker's slot now).</param>
/// <param name="LiveWorkers">Registered workers with a recent heartbeat.</param>
/// <param name="LiveSlots">Their slots, summed.</param>
/// <param name="ArtifactBytes">Bytes of item artifacts recorded per kind.</param>
public sealed record WorkStatistics(
    IReadOnlyList<(string Kind, ItemState State, long Count)> Items,
    IReadOnlyList<(string Kind, string Transition, long Count)> Transitions,
    IReadOnlyList<(RunState State, long Count)> Runs,
    long QueuePending,
    long QueueLeased,
    int LiveWorkers,
    int LiveSlots,
    IReadOnlyList<(string Kind, long Bytes)> ArtifactBytes)
{
    /// <summary>The transitions counted, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> TransitionNames = ["done", "no_data", "failed", "released", "rescued", "rescue_failed"];
}
