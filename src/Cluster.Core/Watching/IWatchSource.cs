using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// One watched location. <see cref="ScanAsync"/> is the truth (it lists every matching file with its version stamp);
/// <see cref="Changed"/> only says that a scan is worth doing now, so a source without change notifications (object
/// storage) simply never raises it and is rescanned periodically.
/// </summary>
public interface IWatchSource : IDisposable
{
    /// <summary>Raised, on any thread, when something under the source may have changed.</summary>
    event Action? Changed;

    /// <summary>The files matching the watch's pattern now; hidden and temporary files (a segment starting with '.') are left out.</summary>
    Task<IReadOnlyList<FileObservation>> ScanAsync(CancellationToken ct);
}
