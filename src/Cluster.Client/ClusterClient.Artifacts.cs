using Cluster.Client.Models;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;

namespace Cluster.Client;

public sealed partial class ClusterClient
{
    /// <summary>
    /// The artifact's bytes, checked against its listed size and SHA-256 as they arrive: reading to the end throws
    /// <see cref="ArtifactIntegrityException"/> on a mismatch. Dispose the stream.
    /// </summary>
    /// <param name="run">The run the artifact belongs to (listing entries do not repeat it).</param>
    /// <param name="direct">Ask for a redirect to a presigned object-storage URL, so the bytes bypass the orchestrator
    /// (the server streams them itself when its store cannot presign). The bearer token is not sent to the redirect target.</param>
    public async Task<Stream> OpenVerifiedArtifactAsync(string run, ArtifactInfo artifact, bool direct = false, CancellationToken ct = default)
    {
        var path = RunPath(run, "artifacts/content") + Query(("item", artifact.Item), ("name", artifact.Name), ("redirect", direct ? "true" : null));
        using var request = CreateRequest(HttpMethod.Get, path, null);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response) throw await FailureAsync(response, request, ct);
        }
        var record = new ArtifactRecord(artifact.Name, artifact.MediaType, artifact.Size, artifact.Sha256, artifact.StoreKey);
        return VerifyingReadStream.For(await response.Content.ReadAsStreamAsync(ct), record);
    }
}
