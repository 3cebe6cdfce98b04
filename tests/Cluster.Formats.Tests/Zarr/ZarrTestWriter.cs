using System.Text.Json.Nodes;

namespace Cluster.Formats.Tests.Zarr;

/// <summary>Writes Zarr v3 metadata and chunk files as zarr-python lays them out, for arrays a test builds itself.</summary>
public static class ZarrTestWriter
{
    public static JsonArray BytesThen(string endian, params string[] compressors)
    {
        var codecs = new JsonArray { new JsonObject { ["name"] = "bytes", ["configuration"] = new JsonObject { ["endian"] = endian } } };
        foreach (var c in compressors)
            codecs.Add(new JsonObject { ["name"] = c, ["configuration"] = c == "zstd" ? new JsonObject { ["level"] = 0, ["checksum"] = false } : new JsonObject { ["level"] = 1 } });
        return codecs;
    }

    public static void WriteArrayMetadata(string storeRoot, string arrayPath, long[] shape, int[] chunkShape, string dataType, JsonNode fillValue, JsonArray codecs)
    {
        var meta = new JsonObject
        {
            ["shape"] = new JsonArray(shape.Select(n => (JsonNode?)n).ToArray()),
            ["data_type"] = dataType,
            ["chunk_grid"] = new JsonObject { ["name"] = "regular", ["configuration"] = new JsonObject { ["chunk_shape"] = new JsonArray(chunkShape.Select(n => (JsonNode?)n).ToArray()) } },
            ["chunk_key_encoding"] = new JsonObject { ["name"] = "default", ["configuration"] = new JsonObject { ["separator"] = "/" } },
            ["fill_value"] = fillValue,
            ["codecs"] = codecs,
            ["attributes"] = new JsonObject(),
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["storage_transformers"] = new JsonArray(),
        };
        var directory = Path.Combine(storeRoot, arrayPath);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "zarr.json"), meta.ToJsonString());
    }

    public static void WriteGroup(string storeRoot, string groupPath)
    {
        var directory = Path.Combine(storeRoot, groupPath);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "zarr.json"), """{"attributes": {}, "zarr_format": 3, "consolidated_metadata": null, "node_type": "group"}""");
    }

    public static string ChunkPath(string storeRoot, string arrayPath, params long[] coordinates) =>
        Path.Combine([storeRoot, arrayPath, "c", .. coordinates.Select(c => c.ToString())]);

    public static void WriteChunk(string storeRoot, string arrayPath, long[] coordinates, byte[] encoded)
    {
        var path = ChunkPath(storeRoot, arrayPath, coordinates);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, encoded);
    }
}
