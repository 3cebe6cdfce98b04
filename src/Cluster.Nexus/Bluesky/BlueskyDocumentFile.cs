namespace Cluster.Nexus.Bluesky;

/// <summary>Reads a bluesky document file in either supported format, told apart by its first character.</summary>
public static class BlueskyDocumentFile
{
    /// <summary>JSON Lines (first character '[') or a suitcase-nxstxm example file (a JSON string, first character '"').</summary>
    public static IReadOnlyList<BlueskyRun> Read(string path)
    {
        int first;
        using (var stream = File.OpenRead(path))
        {
            do first = stream.ReadByte(); while (first is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        }
        return first switch
        {
            '[' => BlueskyJsonLinesReader.Read(path),
            '"' => SuitcaseExampleReader.Read(path),
            -1 => throw new BlueskyFormatException(path, null, "empty file: no documents"),
            _ => throw new BlueskyFormatException(path, null, $"not a bluesky document file: expected JSON Lines of [name, doc] or a JSON-encoded string, found '{(char)first}'"),
        };
    }
}
