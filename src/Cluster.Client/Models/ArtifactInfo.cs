namespace Cluster.Client.Models;

/// <summary>A produced file of a run; <see cref="Item"/> is "" for run-level artifacts such as <c>progress.json</c>.</summary>
/// <param name="ContentPath">Where the API serves its bytes, relative to the server's base address.</param>
public sealed record ArtifactInfo(string Item, string Name, string MediaType, long Size, string Sha256, string StoreKey, string ContentPath);
