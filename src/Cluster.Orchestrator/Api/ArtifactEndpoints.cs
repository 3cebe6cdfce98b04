using Cluster.Core.Artifacts;
using Cluster.Core.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Api;

/// <summary>A run's artifact records (with SHA-256) and their bytes, streamed (verified) from the artifact store or redirected to it.</summary>
public static class ArtifactEndpoints
{
    /// <summary>Long enough for a slow download to start, short enough that a leaked URL soon stops working.</summary>
    private static readonly TimeSpan PresignedUrlLifetime = TimeSpan.FromMinutes(15);

    public static void Map(IEndpointRouteBuilder reads)
    {
        reads.MapGet("/runs/{name}/artifacts", ListAsync);
        reads.MapGet("/runs/{name}/artifacts/content", ContentAsync);
    }

    /// <param name="item">One item's artifacts; "" for run-level ones; absent for all.</param>
    private static async Task<IResult> ListAsync(IWorkStore store, string name, string? item, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var artifacts = await store.ArtifactsAsync(run.Id, item, ct);
        if (artifacts.Count == 0 && !string.IsNullOrEmpty(item) && !await store.ItemExistsAsync(run.Id, item, ct))
            return await ItemLookup.UnknownAsync(store, run, item, ct);
        return TypedResults.Ok(artifacts.Select(a => RunViews.Artifact(run.Name, a)).ToList());
    }

    /// <summary>Only recorded artifacts are served: the store key comes from the record, never from the request.</summary>
    /// <param name="name">The run (route); the artifact's name comes from the query, which uses the same word.</param>
    /// <param name="redirect">true: answer 302 to a presigned URL when the store can make one (object storage), so the bytes
    /// bypass the orchestrator; otherwise (and for local files) stream them.</param>
    private static async Task<IResult> ContentAsync(IWorkStore store, IArtifactStore artifacts, [FromRoute] string name, string? item,
        [FromQuery(Name = "name")] string? artifactName, bool? redirect, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(artifactName)) return ApiProblems.BadRequest("name: give the artifact name (?name=...)");
        var itemKey = item ?? "";
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var record = (await store.ArtifactsAsync(run.Id, itemKey, ct)).FirstOrDefault(a => a.Artifact.Name == artifactName);
        if (record is null && itemKey.Length > 0 && !await store.ItemExistsAsync(run.Id, itemKey, ct))
            return await ItemLookup.UnknownAsync(store, run, itemKey, ct);
        if (record is null)
            return ApiProblems.NotFound($"run '{name}' has no artifact '{artifactName}' for item '{itemKey}'");
        if (redirect == true && artifacts.PresignedReadUrl(record.Artifact.StoreKey, PresignedUrlLifetime) is { } url)
            return TypedResults.Redirect(url.AbsoluteUri);
        Stream content;
        try
        {
            // Verified while streaming: a corrupt copy aborts the response instead of completing it with wrong bytes.
            content = await artifacts.OpenVerifiedReadAsync(record.Artifact, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Recorded but gone from the store (deleted by hand, or the store was moved): say which key.
            return ApiProblems.NotFound($"artifact '{artifactName}' of run '{name}' is recorded but missing from the artifact store ({record.Artifact.StoreKey})");
        }
        return TypedResults.Stream(content, record.Artifact.MediaType, record.Artifact.Name);
    }
}
