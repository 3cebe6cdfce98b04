using System.Globalization;
using System.Text.Json;

namespace Cluster.Signal;

/// <summary>A SigMF recording: <c>.sigmf-meta</c> JSON describing a headerless <c>.sigmf-data</c> file.</summary>
public sealed class SigMfRecording : IqRecording
{
    public const string MetaExtension = ".sigmf-meta";
    public const string DataExtension = ".sigmf-data";

    private readonly InterleavedIqData data;

    private SigMfRecording(string metaPath, SigMfDatatype datatype, double sampleRate, double centerFrequency, DateTimeOffset? startTime, InterleavedIqData data)
        : base(metaPath, $"sigmf {datatype.Name()}", sampleRate, centerFrequency, data.SampleCount, startTime)
    {
        Datatype = datatype;
        this.data = data;
    }

    public SigMfDatatype Datatype { get; }

    public string DataPath => data.Path;

    /// <summary>Opens the pair named by either file (<c>x.sigmf-meta</c> or <c>x.sigmf-data</c>).</summary>
    public static SigMfRecording Open(string path)
    {
        var stem = path.EndsWith(MetaExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(DataExtension, StringComparison.OrdinalIgnoreCase)
            ? path[..^MetaExtension.Length]
            : throw new InvalidIqFileException(path, $"a SigMF recording is named by its {MetaExtension} or {DataExtension} file");
        var metaPath = stem + MetaExtension;
        var dataPath = stem + DataExtension;
        if (!File.Exists(metaPath))
            throw new InvalidIqFileException(metaPath, $"SigMF metadata file not found (needed for {dataPath})");

        using var meta = ParseMeta(metaPath);
        var global = Member(metaPath, meta.RootElement, "global", JsonValueKind.Object);
        var datatypeName = Member(metaPath, global, "core:datatype", JsonValueKind.String).GetString()!;
        var datatype = SigMfDatatypes.FromName(datatypeName)
            ?? throw new InvalidIqFileException(metaPath, $"unsupported core:datatype '{datatypeName}' (supported: cf32_le, ci16_le, ci32_le)");
        var sampleRate = Member(metaPath, global, "core:sample_rate", JsonValueKind.Number).GetDouble();

        var capture = FirstCapture(metaPath, meta.RootElement);
        var centerFrequency = capture is { } c && c.TryGetProperty("core:frequency", out var frequency)
            ? NumberOf(metaPath, "captures[0].core:frequency", frequency)
            : 0.0;
        var startTime = ParseStartTime(metaPath, capture, global);

        var data = InterleavedIqData.Open(dataPath, 0, datatype.Encoding(), (float)(1.0 / datatype.FullScale()));
        try
        {
            return new SigMfRecording(metaPath, datatype, sampleRate, centerFrequency, startTime, data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private static JsonDocument ParseMeta(string metaPath)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(metaPath));
        }
        catch (JsonException e)
        {
            throw new InvalidIqFileException(metaPath, $"SigMF metadata is not valid JSON: {e.Message}", e);
        }
    }

    private static JsonElement Member(string metaPath, JsonElement parent, string name, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
            throw new InvalidIqFileException(metaPath, $"SigMF metadata lacks {name}");
        if (value.ValueKind != kind)
            throw new InvalidIqFileException(metaPath, $"SigMF {name} must be a {kind.ToString().ToLowerInvariant()} (got {value.ValueKind.ToString().ToLowerInvariant()})");
        return value;
    }

    private static double NumberOf(string metaPath, string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidIqFileException(metaPath, $"SigMF {name} must be a number (got {value.ValueKind.ToString().ToLowerInvariant()})");

    private static JsonElement? FirstCapture(string metaPath, JsonElement root)
    {
        if (!root.TryGetProperty("captures", out var captures))
            return null;
        if (captures.ValueKind != JsonValueKind.Array)
            throw new InvalidIqFileException(metaPath, "SigMF captures must be an array");
        return captures.GetArrayLength() > 0 ? captures[0] : null;
    }

    // core:datetime belongs to a capture in SigMF 1.x; some writers put it in global.
    private static DateTimeOffset? ParseStartTime(string metaPath, JsonElement? capture, JsonElement global)
    {
        JsonElement value;
        if (capture is { } c && c.TryGetProperty("core:datetime", out value)) { }
        else if (!global.TryGetProperty("core:datetime", out value)) return null;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw new InvalidIqFileException(metaPath, $"SigMF core:datetime is not an ISO 8601 time: {value.GetRawText()}");
    }

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq) => data.Read(firstSample, interleavedIq);

    public override void Dispose() => data.Dispose();
}
