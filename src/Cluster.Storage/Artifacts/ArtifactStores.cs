using Cluster.Core.Artifacts;

namespace Cluster.Storage.Artifacts;

/// <summary>Opens the artifact store an URI names: <c>file:///root</c> or <c>s3://bucket/prefix</c>.</summary>
public static class ArtifactStores
{
    public static IArtifactStore Open(string uri)
    {
        if (uri.StartsWith("s3://", StringComparison.Ordinal))
            return new S3ArtifactStore(S3ArtifactStoreOptions.FromUri(uri));
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            return new FileArtifactStore(parsed.LocalPath);
        throw new ArgumentException($"artifacts: expected file:///absolute/path or s3://bucket/prefix (got '{uri}')");
    }
}
