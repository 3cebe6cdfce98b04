using Cluster.Core.Inputs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// A watched <c>s3://bucket/prefix</c>: object storage sends no change events here, so <see cref="Changed"/> never
/// fires and the watcher's periodic rescans (a full paginated listing each) are the only trigger. The stamp is the
/// ETag, which changes with the content even when a re-upload keeps the size; the input is the object's URI.
/// </summary>
public sealed class S3PrefixSource(IObjectLister objects, ObjectUri directory, GlobPattern glob) : IWatchSource
{
    public event Action? Changed
    {
        add { }
        remove { }
    }

    /// <exception cref="IOException">The listing failed (missing bucket, no permission, store unreachable).</exception>
    public async Task<IReadOnlyList<FileObservation>> ScanAsync(CancellationToken ct)
    {
        var matched = await ObjectPrefixListing.MatchAsync(objects, directory, glob, ct);
        return matched.Select(m => new FileObservation(m.RelativeKey, m.Uri.ToString(), m.Object.Size, m.Object.ETag)).ToList();
    }

    public void Dispose()
    {
        // Holds nothing of its own: the lister (and its client) belongs to the process.
    }
}
