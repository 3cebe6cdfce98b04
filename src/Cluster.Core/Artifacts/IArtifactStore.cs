using Cluster.Core.Work;

namespace Cluster.Core.Artifacts;

/// <summary>Where produced files live: a local folder or S3-compatible object storage. Keys are <see cref="ArtifactKeys"/>.</summary>
public interface IArtifactStore
{
    /// <summary>The store's URI, e.g. <c>file:///srv/cluster/artifacts</c> or <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>Stores a local file under <paramref name="key"/> atomically (replacing an older copy) and records its size and SHA-256.</summary>
    Task<ArtifactRecord> PutFileAsync(string key, string name, string localPath, string mediaType, CancellationToken ct = default);

    Task<ArtifactRecord> PutBytesAsync(string key, string name, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct = default);

    /// <summary>The stored bytes, unchecked. Prefer <see cref="OpenVerifiedReadAsync"/> when the record is known.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// The bytes of <paramref name="record"/>'s key, checked against its size and SHA-256 as they stream: reading past
    /// the end (or past the recorded size) throws <see cref="ArtifactIntegrityException"/> on a mismatch.
    /// </summary>
    Task<Stream> OpenVerifiedReadAsync(ArtifactRecord record, CancellationToken ct = default);

    /// <summary>Every stored object whose key starts with <paramref name="prefix"/>, in key order.</summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default);

    /// <summary>A URL anyone can GET the object from until <paramref name="ttl"/> passes; null when the store cannot presign (local files).</summary>
    Uri? PresignedReadUrl(string key, TimeSpan ttl);
}
