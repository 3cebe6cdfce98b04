using Cluster.Core.Artifacts;

namespace Cluster.Storage.Artifacts;

/// <summary>Opens the artifact store an URI names: <c>file:///root</c> (object storage arrives with its own issue).</summary>
public static class ArtifactStores
{
    public static IArtifactStore Open(string uri)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
            return new FileArtifactStore(parsed.LocalPath);
        throw new ArgumentException($"artifacts: expected file:///absolute/path (got '{uri}')");
    }
}
