using Cluster.Core.Work;

namespace Cluster.Core.Working;

/// <summary>How one claimed item left a worker's slot.</summary>
public enum ItemEnd
{
    Done,
    NoData,
    Failed,

    /// <summary>Handed back by a draining worker; pending again at once.</summary>
    Released,

    /// <summary>The lease expired (another worker may hold the item now); the result was discarded.</summary>
    LeaseLost,
}

/// <summary>
/// Told about each item a <see cref="Worker"/> accepts and finishes, for per-process metrics. Called on the worker's
/// threads, concurrently; implementations must be thread-safe and quick (no I/O).
/// </summary>
public interface IWorkerObserver
{
    void Claimed(ItemLease lease);

    /// <param name="duration">From claim to the end (processing, input download and artifact upload).</param>
    /// <param name="artifactBytes">Bytes of the artifacts uploaded for a completed item, else 0.</param>
    void Finished(ItemLease lease, ItemEnd end, TimeSpan duration, long artifactBytes);
}
