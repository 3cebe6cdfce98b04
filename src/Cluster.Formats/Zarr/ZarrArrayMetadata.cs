using System.Text;
using System.Text.Json;

namespace Cluster.Formats.Zarr;

/// <summary>
/// What an array's <c>zarr.json</c> says, restricted to what this reader supports: a regular chunk grid, the default
/// chunk key encoding, a numeric data type, and the codecs <c>bytes</c> then optionally <c>zstd</c> or <c>gzip</c>.
/// </summary>
internal sealed record ZarrArrayMetadata(
    long[] Shape,
    int[] ChunkShape,
    ZarrDataType DataType,
    byte[] FillElement,
    char Separator,
    bool BigEndian,
    IReadOnlyList<BytesCodec> BytesCodecs)
{
    public const string DocumentName = "zarr.json";

    /// <exception cref="ZarrFormatException">Missing, malformed or unsupported metadata; the message says which field.</exception>
    public static ZarrArrayMetadata Parse(string arrayPath, byte[] document)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(document).RootElement;
        }
        catch (JsonException e)
        {
            throw new ZarrFormatException(arrayPath, $"{DocumentName} is not JSON ({e.Message})", e);
        }
        try
        {
            return Read(arrayPath, root);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or KeyNotFoundException)
        {
            throw new ZarrFormatException(arrayPath, $"{DocumentName} is malformed ({e.Message})", e);
        }
    }

    private static ZarrArrayMetadata Read(string arrayPath, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new ZarrFormatException(arrayPath, $"{DocumentName} is not a JSON object");
        if (!root.TryGetProperty("zarr_format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != 3)
            throw new ZarrFormatException(arrayPath, $"{DocumentName}: zarr_format is not 3 (only Zarr v3 is read)");
        var nodeType = root.TryGetProperty("node_type", out var node) ? node.GetString() : null;
        if (nodeType != "array")
            throw new ZarrFormatException(arrayPath, $"is a {nodeType ?? "node without node_type"}, not an array");

        var shape = root.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        if (shape.Any(n => n < 0))
            throw new ZarrFormatException(arrayPath, $"shape [{string.Join(", ", shape)}] has a negative dimension");

        var dataTypeName = root.GetProperty("data_type").ValueKind == JsonValueKind.String ? root.GetProperty("data_type").GetString()! : root.GetProperty("data_type").ToString();
        var dataType = ZarrDataType.Find(dataTypeName)
                       ?? throw new ZarrFormatException(arrayPath, $"data_type '{dataTypeName}' is not supported (supported: {string.Join(", ", ZarrDataType.Names)})");

        var grid = root.GetProperty("chunk_grid");
        var gridName = grid.GetProperty("name").GetString();
        if (gridName != "regular")
            throw new ZarrFormatException(arrayPath, $"chunk_grid '{gridName}' is not supported (only regular)");
        var chunkShape = grid.GetProperty("configuration").GetProperty("chunk_shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        if (chunkShape.Length != shape.Length || chunkShape.Any(n => n <= 0))
            throw new ZarrFormatException(arrayPath, $"chunk_shape [{string.Join(", ", chunkShape)}] does not fit shape [{string.Join(", ", shape)}]");
        if (chunkShape.Aggregate(1L, (p, n) => p * n) * dataType.ItemSize > Array.MaxLength)
            throw new ZarrFormatException(arrayPath, $"chunk_shape [{string.Join(", ", chunkShape)}] is too large to decode in memory");

        var separator = '/';
        if (root.TryGetProperty("chunk_key_encoding", out var encoding))
        {
            var encodingName = encoding.GetProperty("name").GetString();
            if (encodingName != "default")
                throw new ZarrFormatException(arrayPath, $"chunk_key_encoding '{encodingName}' is not supported (only default)");
            if (encoding.TryGetProperty("configuration", out var config) && config.TryGetProperty("separator", out var sep))
            {
                var text = sep.GetString();
                separator = text switch
                {
                    "/" => '/',
                    "." => '.',
                    _ => throw new ZarrFormatException(arrayPath, $"chunk key separator '{text}' is neither '/' nor '.'"),
                };
            }
        }

        var fill = dataType.EncodeFillValue(root.GetProperty("fill_value"));

        if (root.TryGetProperty("storage_transformers", out var transformers) && transformers.ValueKind == JsonValueKind.Array && transformers.GetArrayLength() > 0)
            throw new ZarrFormatException(arrayPath, "storage_transformers are not supported");

        var (bigEndian, codecs) = ReadCodecs(arrayPath, root.GetProperty("codecs"), dataType);
        return new ZarrArrayMetadata(shape, chunkShape, dataType, fill, separator, bigEndian, codecs);
    }

    private static (bool BigEndian, IReadOnlyList<BytesCodec> Codecs) ReadCodecs(string arrayPath, JsonElement codecs, ZarrDataType dataType)
    {
        var list = codecs.EnumerateArray().ToList();
        var bigEndian = false;
        var sawBytes = false;
        var bytesCodecs = new List<BytesCodec>();
        foreach (var codec in list)
        {
            var name = codec.ValueKind == JsonValueKind.String ? codec.GetString()! : codec.GetProperty("name").GetString()!;
            switch (name)
            {
                case "bytes" when !sawBytes:
                    sawBytes = true;
                    if (codec.ValueKind == JsonValueKind.Object && codec.TryGetProperty("configuration", out var config) && config.TryGetProperty("endian", out var endian))
                    {
                        bigEndian = endian.GetString() switch
                        {
                            "little" => false,
                            "big" => true,
                            var other => throw new ZarrFormatException(arrayPath, $"codec 'bytes': endian '{other}' is neither little nor big"),
                        };
                    }
                    else if (dataType.ItemSize > 1)
                        throw new ZarrFormatException(arrayPath, $"codec 'bytes' needs an endian for {dataType.Name}");
                    break;
                case "zstd" when sawBytes:
                    bytesCodecs.Add(new ZstdCodec());
                    break;
                case "gzip" when sawBytes:
                    bytesCodecs.Add(new GzipCodec());
                    break;
                case "bytes" or "zstd" or "gzip":
                    throw new ZarrFormatException(arrayPath, $"codec '{name}' is out of place: the pipeline must be bytes, then zstd/gzip");
                default:
                    throw new UnsupportedZarrCodecException(arrayPath, name);
            }
        }
        if (!sawBytes)
            throw new ZarrFormatException(arrayPath, "the codecs have no 'bytes' codec (array-to-bytes)");
        return (bigEndian, bytesCodecs);
    }

    /// <summary>The store key of a chunk: <c>c/i/j/k</c> (or <c>c.i.j.k</c>); <c>c</c> for a 0-d array.</summary>
    public string ChunkKey(string arrayPath, ReadOnlySpan<long> chunkCoordinates)
    {
        var key = new StringBuilder(arrayPath.Length + 16);
        if (arrayPath.Length > 0) key.Append(arrayPath).Append('/');
        key.Append('c');
        foreach (var c in chunkCoordinates) key.Append(Separator).Append(c);
        return key.ToString();
    }
}
