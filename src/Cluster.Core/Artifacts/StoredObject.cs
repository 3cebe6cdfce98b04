namespace Cluster.Core.Artifacts;

/// <summary>An object as the store lists it. <see cref="Sha256"/> is null when the listing does not carry it (S3 listings omit metadata).</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified, string? Sha256 = null);
