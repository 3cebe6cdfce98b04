using System.Text.Json;

namespace Cluster.Formats.Zarr;

/// <summary>A Zarr v3 group: its <c>zarr.json</c> checked (format 3, node type group) and its attributes.</summary>
public sealed class ZarrGroup
{
    private ZarrGroup(string path, JsonElement attributes)
    {
        Path = path;
        Attributes = attributes;
    }

    public string Path { get; }

    /// <summary>The group's <c>attributes</c> object (an empty object when absent).</summary>
    public JsonElement Attributes { get; }

    /// <exception cref="ZarrFormatException">No group there (missing or malformed <c>zarr.json</c>, or an array).</exception>
    public static ZarrGroup Open(IZarrStore store, string path)
    {
        path = path.Trim('/');
        var key = path.Length == 0 ? "zarr.json" : $"{path}/zarr.json";
        byte[]? document;
        try
        {
            document = store.TryRead(key);
        }
        catch (ArgumentException e)
        {
            throw new ZarrFormatException(path, e.Message, e);
        }
        if (document is null)
            throw new ZarrFormatException(path, $"no zarr.json in {store.Location} (not a group of this store)");
        try
        {
            var root = JsonDocument.Parse(document).RootElement;
            if (!root.TryGetProperty("zarr_format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != 3)
                throw new ZarrFormatException(path, "zarr.json: zarr_format is not 3 (only Zarr v3 is read)");
            var nodeType = root.TryGetProperty("node_type", out var node) ? node.GetString() : null;
            if (nodeType != "group")
                throw new ZarrFormatException(path, $"is a {nodeType ?? "node without node_type"}, not a group");
            var attributes = root.TryGetProperty("attributes", out var a) ? a.Clone() : JsonDocument.Parse("{}").RootElement;
            return new ZarrGroup(path, attributes);
        }
        catch (JsonException e)
        {
            throw new ZarrFormatException(path, $"zarr.json is not JSON ({e.Message})", e);
        }
    }
}
