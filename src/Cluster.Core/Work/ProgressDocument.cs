using System.Text.Json.Serialization;

namespace Cluster.Core.Work;

/// <summary>
/// The batch-plotting seed's progress document, pinned in DESIGN.md. Items are plain keys in input order;
/// <see cref="LastIndex"/> is the zero-based input index of the most recently completed item (-1: none yet).
/// Full error text lives in the item log, never here.
/// </summary>
public sealed record ProgressDocument(
    [property: JsonPropertyName("completed_items")] IReadOnlyList<string> CompletedItems,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("no_data")] IReadOnlyList<string> NoData,
    [property: JsonPropertyName("last_index")] long LastIndex,
    [property: JsonPropertyName("schema_version")] int SchemaVersion = 1);
