using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// Reads bluesky documents kept as one JSON object mapping run uid to the list of <c>[name, doc]</c> pairs of that run
/// in emission order, in either of the two shapes pyStxm and suitcase-nxstxm wrote: the suitcase-nxstxm example files
/// (and pyStxm's copies of them) hold that object JSON-encoded as one JSON string (decode twice); older pyStxm example
/// files (2019) hold the object itself. A file may hold several runs (one per energy of a stack, one per angle and
/// energy of a tomography scan).
/// </summary>
public static class SuitcaseExampleReader
{
    public static IReadOnlyList<BlueskyRun> Read(string path)
    {
        JsonDocument outer;
        try
        {
            outer = JsonDocument.Parse(File.ReadAllBytes(path), Options);
        }
        catch (JsonException e)
        {
            throw new BlueskyFormatException(path, null, $"not valid JSON (truncated or corrupt file): {e.Message}", e);
        }
        using (outer)
        {
            return outer.RootElement.ValueKind switch
            {
                JsonValueKind.Object => ReadRuns(outer.RootElement, path),
                JsonValueKind.String => ReadEncoded(outer.RootElement.GetString()!, path),
                var kind => throw new BlueskyFormatException(path, null, $"expected an object mapping run uid to its documents, or a JSON string holding one, found a JSON {kind}"),
            };
        }
    }

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 256 };

    private static IReadOnlyList<BlueskyRun> ReadEncoded(string inner, string path)
    {
        JsonDocument runs;
        try
        {
            runs = JsonDocument.Parse(inner, Options);
        }
        catch (JsonException e)
        {
            throw new BlueskyFormatException(path, null, $"the encoded string is not valid JSON (truncated or corrupt): {e.Message}", e);
        }
        using (runs)
        {
            if (runs.RootElement.ValueKind != JsonValueKind.Object)
                throw new BlueskyFormatException(path, null, "expected an object mapping run uid to its documents");
            return ReadRuns(runs.RootElement, path);
        }
    }

    private static IReadOnlyList<BlueskyRun> ReadRuns(JsonElement runs, string path)
    {
        var assembler = new BlueskyRunAssembler(path);
        foreach (var run in runs.EnumerateObject())
        {
            if (run.Value.ValueKind != JsonValueKind.Array)
                throw new BlueskyFormatException(path, run.Name, "expected a list of [name, document] pairs");
            var index = 0;
            foreach (var pair in run.Value.EnumerateArray())
            {
                index++;
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String)
                    throw new BlueskyFormatException(path, run.Name, $"document {index} is not a [name, document] pair");
                assembler.Add(pair[0].GetString()!, pair[1], $"run {run.Name}, document {index}");
            }
        }
        return assembler.Finish();
    }
}
