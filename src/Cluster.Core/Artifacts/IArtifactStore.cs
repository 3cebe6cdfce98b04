using Cluster.Core.Work;

namespace Cluster.Core.Artifacts;

/// <summary>Where produced files live: a local folder now, object storage later. Keys are <see cref="ArtifactKeys"/>.</summary>
public interface IArtifactStore
{
    /// <summary>The store's URI, e.g. <c>file:///srv/cluster/artifacts</c>.</summary>
    string Location { get; }

    /// <summary>Stores a local file under <paramref name="key"/> atomically (replacing an older copy) and records its size and SHA-256.</summary>
    Task<ArtifactRecord> PutFileAsync(string key, string name, string localPath, string mediaType, CancellationToken ct = default);

    Task<ArtifactRecord> PutBytesAsync(string key, string name, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct = default);

    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);
}
