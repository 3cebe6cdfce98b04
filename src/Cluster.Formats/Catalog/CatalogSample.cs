using System.Text.Json;

namespace Cluster.Formats.Catalog;

/// <summary>A row of the <c>samples</c> table, with <c>tags</c> and <c>extra</c> decoded from their JSON text.</summary>
public sealed record CatalogSample(
    long Id,
    string Name,
    string? Formula,
    string? Serial,
    IReadOnlyList<string> Tags,
    string? BeamlinePosition,
    JsonElement Extra);
