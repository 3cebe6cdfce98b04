namespace Cluster.Nexus.Bluesky;

/// <summary>Reads a bluesky document file in any of the three shapes pyStxm and suitcase-nxstxm use, told apart by its first character.</summary>
public static class BlueskyDocumentFile
{
    /// <summary>
    /// JSON Lines (first character '['), a suitcase-nxstxm example file (the runs JSON-encoded as one JSON string,
    /// first character '"') or an older pyStxm example file (the same object of runs, plain: first character '{').
    /// </summary>
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
            '"' or '{' => SuitcaseExampleReader.Read(path),
            -1 => throw new BlueskyFormatException(path, null, "empty file: no documents"),
            _ => throw new BlueskyFormatException(path, null, $"not a bluesky document file: expected JSON Lines of [name, doc], an object of runs or a JSON-encoded string, found '{(char)first}'"),
        };
    }
}
