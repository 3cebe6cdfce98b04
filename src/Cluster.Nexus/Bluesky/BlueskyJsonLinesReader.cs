using System.Text;
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
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                var truncated = reader.EndOfStream && !EndsWithNewline(stream);
                throw new BlueskyFormatException($"{source} (line {lineNumber})", null,
                    truncated ? $"truncated file: the last line is not complete JSON ({e.Message})" : $"not valid JSON: {e.Message}", e);
            }
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

    private static bool EndsWithNewline(Stream stream)
    {
        if (!stream.CanSeek || stream.Length == 0) return false;
        var position = stream.Position;
        stream.Seek(-1, SeekOrigin.End);
        var last = stream.ReadByte();
        stream.Position = position;
        return last == '\n';
    }
}
