using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Nexus.Bluesky;

namespace Cluster.Nexus.Stxm;

/// <summary>
/// The pyStxm metadata of one run (<c>start.metadata</c>). The example files encode it as a JSON string, and its
/// <c>img_idx_map</c> / <c>wdg_com</c> again; newer exports may give objects. Both are accepted.
/// </summary>
internal sealed class StxmRunMetadata
{
    public required BlueskyRun Run { get; init; }
    public required JsonElement Root { get; init; }
    public required StxmScanType ScanType { get; init; }
    public required JsonElement ImageIndexMap { get; init; }
    public required IReadOnlyList<int> RegionIds { get; init; }
    public required string PrimaryDetector { get; init; }
    public required double DwellMs { get; init; }

    public string EntryName => JsonNumbers.OptionalString(ImageIndexMap, "entry") ?? JsonNumbers.OptionalString(Root, "entry_name") ?? "entry0";
    public int EnergyIndex => IntOr(ImageIndexMap, "e_idx", 0);
    public int PolarizationIndex => IntOr(ImageIndexMap, "pol_idx", 0);
    public int RegionId => IntOr(ImageIndexMap, "sp_id", RegionIds.Count > 0 ? RegionIds[0] : 0);
    public double? RotationAngle => ImageIndexMap.ValueKind == JsonValueKind.Object && ImageIndexMap.TryGetProperty("rotation_angle", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDouble() : null;

    public static StxmRunMetadata Of(BlueskyRun run)
    {
        if (!run.Start.Raw.TryGetProperty("metadata", out var raw))
            throw new StxmScanException(run.Source, run.Uid, "the start document has no 'metadata' (pyStxm scan metadata: scan_type, rois, ...)");
        var root = Decode(raw, run, "metadata");
        if (root.ValueKind != JsonValueKind.Object)
            throw new StxmScanException(run.Source, run.Uid, "start 'metadata' is not a JSON object");
        if (!root.TryGetProperty("scan_type", out var st) || st.ValueKind != JsonValueKind.Number)
            throw new StxmScanException(run.Source, run.Uid, "metadata has no numeric 'scan_type'");
        if (!StxmScanTypes.TryFromCode(st.GetInt64(), out var type) || st.GetDouble() != Math.Floor(st.GetDouble()))
            throw new StxmScanException(run.Source, run.Uid, $"unknown scan type {st.GetRawText()} (known: 0-12, DETECTOR_IMAGE ... PATTERN_GEN_SCAN)");
        var map = root.TryGetProperty("img_idx_map", out var m) ? Decode(m, run, "img_idx_map") : default;
        var regions = root.TryGetProperty("sp_id_lst", out var sp) && sp.ValueKind == JsonValueKind.Array
            ? sp.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => x.GetInt32()).ToList()
            : [];
        var detector = root.TryGetProperty("primary_det", out var pd)
            ? pd.ValueKind == JsonValueKind.Array ? pd.EnumerateArray().Select(x => x.GetString()).FirstOrDefault() : pd.GetString()
            : null;
        var dwell = root.TryGetProperty("dwell", out var dw) && dw.ValueKind == JsonValueKind.Number ? dw.GetDouble() : double.NaN;
        return new StxmRunMetadata
        {
            Run = run, Root = root, ScanType = type, ImageIndexMap = map, RegionIds = regions,
            PrimaryDetector = detector ?? throw new StxmScanException(run.Source, run.Uid, "metadata has no 'primary_det'"),
            DwellMs = dwell,
        };
    }

    /// <summary>The region's ROI definition (<c>rois[sp_id]</c>, else <c>wdg_com.SPATIAL_ROIS[sp_id]</c>).</summary>
    public JsonElement Region(int regionId)
    {
        if (Root.TryGetProperty("rois", out var rois) && rois.ValueKind == JsonValueKind.Object && rois.TryGetProperty(regionId.ToString(), out var r))
            return r;
        if (Root.TryGetProperty("wdg_com", out var w) && Decode(w, Run, "wdg_com") is { ValueKind: JsonValueKind.Object } wdg
            && wdg.TryGetProperty("SPATIAL_ROIS", out var spatial) && spatial.TryGetProperty(regionId.ToString(), out var s))
            return s;
        throw new StxmScanException(Run.Source, Run.Uid, $"no region {regionId} in metadata 'rois' or 'wdg_com.SPATIAL_ROIS'");
    }

    /// <summary>SETPOINTS of a region axis such as <c>X</c>, <c>Y</c> or <c>ZP/Z</c>; empty when absent.</summary>
    public static double[] Setpoints(JsonElement region, params string[] path)
    {
        var e = region;
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return [];
        return e.ValueKind == JsonValueKind.Object && e.TryGetProperty("SETPOINTS", out var sp) && sp.ValueKind == JsonValueKind.Array
            ? sp.EnumerateArray().Select(JsonNumbers.ToDouble).ToArray()
            : [];
    }

    /// <summary>START of a region axis (the fixed position of an axis that is not scanned), NaN when absent.</summary>
    public static double Start(JsonElement region, string axis) =>
        region.TryGetProperty(axis, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("START", out var s) ? JsonNumbers.ToDouble(s) : double.NaN;

    public static string? Positioner(JsonElement region, params string[] path)
    {
        var e = region;
        foreach (var p in path)
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return null;
        return JsonNumbers.OptionalString(e, "SRC") is { Length: > 0 } src ? src : JsonNumbers.OptionalString(e, "POSITIONER");
    }

    /// <summary>The energies of a region: every EV_ROIS entry's setpoints, in order.</summary>
    public static double[] Energies(JsonElement region) =>
        region.TryGetProperty("EV_ROIS", out var ev) && ev.ValueKind == JsonValueKind.Array
            ? ev.EnumerateArray().SelectMany(r => Setpoints(r)).ToArray()
            : [];

    /// <summary>Polarization setpoints (EPU_POL_PNTS of the first EV_ROIS entry); at least one entry.</summary>
    public static double[] Polarizations(JsonElement region)
    {
        if (region.TryGetProperty("EV_ROIS", out var ev) && ev.ValueKind == JsonValueKind.Array && ev.GetArrayLength() > 0
            && ev[0].TryGetProperty("EPU_POL_PNTS", out var pol) && pol.ValueKind == JsonValueKind.Array && pol.GetArrayLength() > 0)
            return pol.EnumerateArray().Select(JsonNumbers.ToDouble).ToArray();
        return [double.NaN];
    }

    /// <summary>The PV behind a logical device name (<c>rev_lu_dct</c>), or the name itself when there is no table.</summary>
    public string? DevicePv(string? logicalName)
    {
        if (logicalName is null) return null;
        if (Root.TryGetProperty("rev_lu_dct", out var table) && table.ValueKind == JsonValueKind.Object)
            return JsonNumbers.OptionalString(table, logicalName) ?? logicalName;
        return logicalName;
    }

    public ZonePlate? ZonePlate()
    {
        if (!Root.TryGetProperty("zp_def", out var zp) || zp.ValueKind != JsonValueKind.Object) return null;
        double Get(string name) => zp.TryGetProperty(name, out var v) ? JsonNumbers.ToDouble(v) : double.NaN;
        return new ZonePlate((int)(double.IsNaN(Get("zp_idx")) ? -1 : Get("zp_idx")), Get("zpD"), Get("zpCStop"), Get("zpOZone"), Get("zpA1"));
    }

    /// <summary>The metadata as one JSON object with its nested JSON strings decoded (the scan request).</summary>
    public string ScanRequestJson()
    {
        var node = JsonNode.Parse(Root.GetRawText())!.AsObject();
        foreach (var key in new[] { "img_idx_map", "wdg_com" })
            if (node[key] is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{'))
                node[key] = JsonNode.Parse(text);
        return node.ToJsonString();
    }

    private static JsonElement Decode(JsonElement e, BlueskyRun run, string what)
    {
        if (e.ValueKind != JsonValueKind.String) return e;
        try
        {
            using var doc = JsonDocument.Parse(e.GetString()!);
            return doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new StxmScanException(run.Source, run.Uid, $"'{what}' is a string but not JSON: {ex.Message}");
        }
    }

    private static int IntOr(JsonElement obj, string name, int fallback) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : fallback;
}
