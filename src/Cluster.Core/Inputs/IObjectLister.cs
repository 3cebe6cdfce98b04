namespace Cluster.Core.Inputs;

/// <param name="Key">The full key in the bucket.</param>
/// <param name="ETag">The object's entity tag as the store reports it (quotes removed): changes whenever the content does.</param>
public sealed record ListedObject(string Key, long Size, string ETag);

/// <summary>Lists object storage for run inputs and watches; implemented next to the S3 client (Cluster.Storage).</summary>
public interface IObjectLister
{
    /// <summary>Every object below the directory-like prefix (keys starting with <see cref="ObjectUri.ListPrefix"/>), all pages.</summary>
    /// <exception cref="IOException">The store refused or failed the listing (missing bucket, no permission, unreachable).</exception>
    Task<IReadOnlyList<ListedObject>> ListAsync(ObjectUri directory, CancellationToken ct);
}
