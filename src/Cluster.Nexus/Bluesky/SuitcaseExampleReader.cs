using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// Reads the suitcase-nxstxm example files: the whole file is a JSON string whose content is JSON (decode twice),
/// an object mapping run uid to the list of <c>[name, doc]</c> pairs of that run in emission order. A file may hold
/// several runs (one per energy of a stack, one per angle and energy of a tomography scan).
/// </summary>
public static class SuitcaseExampleReader
{
    public static IReadOnlyList<BlueskyRun> Read(string path)
    {
        string inner;
        try
        {
            using var outer = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
            inner = outer.RootElement.ValueKind == JsonValueKind.String
                ? outer.RootElement.GetString()!
                : throw new BlueskyFormatException(path, null, $"expected a JSON string holding the encoded runs, found a JSON {outer.RootElement.ValueKind}");
        }
        catch (JsonException e)
        {
            throw new BlueskyFormatException(path, null, $"not valid JSON (truncated or corrupt file): {e.Message}", e);
        }
        JsonDocument runs;
        try
        {
            runs = JsonDocument.Parse(inner, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new BlueskyFormatException(path, null, $"the encoded string is not valid JSON (truncated or corrupt): {e.Message}", e);
        }
        using (runs)
        {
            if (runs.RootElement.ValueKind != JsonValueKind.Object)
                throw new BlueskyFormatException(path, null, "expected an object mapping run uid to its documents");
            var assembler = new BlueskyRunAssembler(path);
            foreach (var run in runs.RootElement.EnumerateObject())
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
}
