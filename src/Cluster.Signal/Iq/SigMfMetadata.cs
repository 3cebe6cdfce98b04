using System.Globalization;
using System.Text.Json;

namespace Cluster.Signal;

/// <summary>One SigMF capture segment: where it starts (absolute sample index), its centre and the bytes before it.</summary>
public sealed record SigMfCapture(long SampleStart, double? Frequency, long HeaderBytes, DateTimeOffset? DateTime);

/// <summary>
/// The parts of a SigMF 1.x <c>.sigmf-meta</c> document that describe the samples (SigMF specification, "global" and
/// "captures" objects of the core namespace): datatype, rate, channels, offset, checksum, captures.
/// </summary>
internal sealed record SigMfMetadata(
    SampleFormat Datatype,
    double? SampleRate,
    int NumChannels,
    long Offset,
    string? Sha512,
    double? GlobalFrequency,
    string? Dataset,
    DateTimeOffset? GlobalDateTime,
    IReadOnlyList<SigMfCapture> Captures)
{
    public static SigMfMetadata Parse(string metaPath, byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidIqFileException(metaPath, $"SigMF metadata is not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InvalidIqFileException(metaPath, "SigMF metadata must be a JSON object");
            if (!root.TryGetProperty("global", out var global) || global.ValueKind != JsonValueKind.Object)
                throw new InvalidIqFileException(metaPath, "SigMF metadata lacks the global object");
            var datatypeName = Text(metaPath, global, "global", "core:datatype")
                ?? throw new InvalidIqFileException(metaPath, "SigMF metadata lacks global.core:datatype");
            var datatype = SampleFormat.TryParse(datatypeName)
                ?? throw new InvalidIqFileException(metaPath, $"SigMF global.core:datatype '{datatypeName}' is not a SigMF datatype ({SampleFormat.Names})");
            var channels = Integer(metaPath, global, "global", "core:num_channels") ?? 1;
            if (channels is < 1 or > 65536)
                throw new InvalidIqFileException(metaPath, $"SigMF global.core:num_channels must be at least 1 (got {channels})");
            var offset = Integer(metaPath, global, "global", "core:offset") ?? 0;
            if (offset < 0)
                throw new InvalidIqFileException(metaPath, $"SigMF global.core:offset must not be negative (got {offset})");
            var rate = Number(metaPath, global, "global", "core:sample_rate");
            if (rate is { } r && !(r > 0 && double.IsFinite(r)))
                throw new InvalidIqFileException(metaPath, $"SigMF global.core:sample_rate must be positive (got {r})");

            var captures = new List<SigMfCapture>();
            if (root.TryGetProperty("captures", out var array))
            {
                if (array.ValueKind != JsonValueKind.Array)
                    throw new InvalidIqFileException(metaPath, "SigMF captures must be an array");
                var index = 0;
                foreach (var capture in array.EnumerateArray())
                {
                    var where = $"captures[{index}]";
                    if (capture.ValueKind != JsonValueKind.Object)
                        throw new InvalidIqFileException(metaPath, $"SigMF {where} must be an object");
                    var start = Integer(metaPath, capture, where, "core:sample_start") ?? (index == 0 ? offset : throw new InvalidIqFileException(metaPath, $"SigMF {where} lacks core:sample_start"));
                    if (start < offset)
                        throw new InvalidIqFileException(metaPath, $"SigMF {where}.core:sample_start {start} lies before global.core:offset {offset}");
                    if (captures.Count > 0 && start < captures[^1].SampleStart)
                        throw new InvalidIqFileException(metaPath, $"SigMF {where}.core:sample_start {start} is before the previous capture's {captures[^1].SampleStart} (captures must be in order)");
                    var header = Integer(metaPath, capture, where, "core:header_bytes") ?? 0;
                    if (header < 0)
                        throw new InvalidIqFileException(metaPath, $"SigMF {where}.core:header_bytes must not be negative (got {header})");
                    captures.Add(new SigMfCapture(start, Number(metaPath, capture, where, "core:frequency"), header, Time(metaPath, capture, where)));
                    index++;
                }
            }
            if (captures.Count == 0) captures.Add(new SigMfCapture(offset, null, 0, null));

            return new SigMfMetadata(datatype, rate, (int)channels, offset, Text(metaPath, global, "global", "core:sha512"),
                Number(metaPath, global, "global", "core:frequency"), Text(metaPath, global, "global", "core:dataset"),
                Time(metaPath, global, "global"), captures);
        }
    }

    private static string? Text(string path, JsonElement parent, string where, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidIqFileException(path, $"SigMF {where}.{name} must be a string (got {value.ValueKind.ToString().ToLowerInvariant()})");
    }

    private static double? Number(string path, JsonElement parent, string where, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble())
            ? value.GetDouble()
            : throw new InvalidIqFileException(path, $"SigMF {where}.{name} must be a number (got {value.GetRawText()})");
    }

    private static long? Integer(string path, JsonElement parent, string where, string name)
    {
        if (!parent.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : throw new InvalidIqFileException(path, $"SigMF {where}.{name} must be an integer (got {value.GetRawText()})");
    }

    // core:datetime belongs to a capture in SigMF 1.x; some writers put it in global.
    private static DateTimeOffset? Time(string path, JsonElement parent, string where)
    {
        if (!parent.TryGetProperty("core:datetime", out var value)) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new InvalidIqFileException(path, $"SigMF {where}.core:datetime is not an ISO 8601 time: {value.GetRawText()}");
    }
}
