using System.Text.Json;

namespace Cluster.Formats.Catalog;

/// <summary>The catalog's JSON text columns (RunWriter's <c>json.dumps</c>), decoded with errors that name the column.</summary>
internal static class CatalogJson
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public static JsonElement Object(string? text, string path, string what)
    {
        if (string.IsNullOrEmpty(text)) return EmptyObject;
        var element = Parse(text, path, what);
        return element.ValueKind == JsonValueKind.Object ? element : throw new CatalogException(path, $"{what} is not a JSON object");
    }

    public static IReadOnlyList<string> StringList(string? text, string path, string what)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var element = Parse(text, path, what);
        if (element.ValueKind != JsonValueKind.Array)
            throw new CatalogException(path, $"{what} is not a JSON list");
        return element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
    }

    public static JsonElement Parse(string text, string path, string what)
    {
        try
        {
            // Python's json.dumps writes NaN and Infinity bare; allow them as numbers-as-strings would not round trip.
            using var document = JsonDocument.Parse(PythonSpecials(text));
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CatalogException(path, $"{what} is not valid JSON ({e.Message})", e);
        }
    }

    /// <summary>Python's json module writes NaN, Infinity and -Infinity unquoted; quote them so System.Text.Json reads them.</summary>
    private static string PythonSpecials(string text) =>
        text.Contains("NaN") || text.Contains("Infinity")
            ? System.Text.RegularExpressions.Regex.Replace(text, @"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,}\]])", "\"$1\"")
            : text;
}
