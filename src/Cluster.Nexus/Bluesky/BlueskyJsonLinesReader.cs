using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// Reads the usual bluesky export: one JSON array <c>["name", {document}]</c> per line (blank lines ignored). A line
/// that is not valid JSON is reported with its number; when it is the last line and has no newline the file is
/// reported as truncated.
/// </summary>
public static class BlueskyJsonLinesReader
{
    public static IReadOnlyList<BlueskyRun> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static IReadOnlyList<BlueskyRun> Read(Stream stream, string source)
    {
        var assembler = new BlueskyRunAssembler(source);
        var lines = new Utf8LineReader(stream);
        var events = new BlueskyEventLine();
        var lineNumber = 0;
        while (lines.Next() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Span.StartsWith(Utf8Bom)) line = line[Utf8Bom.Length..];
            if (IsBlank(line.Span)) continue;
            if (BlueskyEventLine.IsEvent(line.Span) && events.TryAdd(line.Span, assembler, $"line {lineNumber}")) continue;
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                var truncated = lines.AtEnd && !lines.LastLineEnded;
                throw new BlueskyFormatException($"{source} (line {lineNumber})", null,
                    truncated ? $"truncated file: the last line is not complete JSON ({e.Message})" : $"not valid JSON: {e.Message}", e);
            }
            // The document is parsed over the line buffer and disposed at once: documents keep what they need, as values.
            using (parsed)
            {
                var root = parsed.RootElement;
                if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() != 2 || root[0].ValueKind != JsonValueKind.String)
                    throw new BlueskyFormatException($"{source} (line {lineNumber})", null, "expected a JSON array [\"name\", {document}]");
                assembler.Add(root[0].GetString()!, root[1], $"line {lineNumber}");
            }
        }
        return assembler.Finish();
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;
}
