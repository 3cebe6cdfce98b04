using Cluster.Nexus.Bluesky;

namespace Cluster.Nexus.Stxm;

/// <summary>
/// The measured values of one run: the primary detector's values in chronological order (scalars one per event,
/// waveforms one row per event), and per-value columns of other signals when the primary stream records them.
/// </summary>
internal sealed class StxmRunData
{
    public required StxmRunMetadata Metadata { get; init; }
    public BlueskyRun Run => Metadata.Run;
    public required BlueskyStream? Primary { get; init; }
    public required BlueskyStream? Baseline { get; init; }
    public required string DetectorKey { get; init; }
    public string? DetectorUnits { get; init; }
    /// <summary>Detector values, chronological (a view over the events' own arrays: nothing is copied).</summary>
    public required DetectorValues Values { get; init; }
    /// <summary>Values per event: 1 for scalar detectors, the waveform length otherwise.</summary>
    public required int RowLength { get; init; }

    public static StxmRunData Of(StxmRunMetadata metadata)
    {
        var run = metadata.Run;
        var primary = run.Stream("primary");
        var baseline = run.Stream("baseline");
        if (primary is null)
            return new StxmRunData { Metadata = metadata, Primary = null, Baseline = baseline, DetectorKey = metadata.PrimaryDetector, Values = DetectorValues.Empty, RowLength = 1 };
        var key = DetectorKeyOf(primary, metadata.PrimaryDetector)
            ?? throw new StxmScanException(run.Source, run.Uid, $"the primary stream has no field of detector '{metadata.PrimaryDetector}' (keys: {string.Join(", ", primary.Descriptors.SelectMany(d => d.DataKeys.Keys).Distinct())})");
        var declared = primary.Key(key)!;
        var isArray = declared.Shape.Count > 0 || declared.Dtype == "array";
        DetectorValues values;
        var rowLength = 1;
        if (isArray)
        {
            var rows = primary.Arrays(key);
            rowLength = rows.Length == 0 ? 0 : rows[0].Length;
            for (var i = 1; i < rows.Length; i++)
                if (rows[i].Length != rowLength)
                    throw new StxmScanException(run.Source, run.Uid, $"shape mismatch: '{key}' event {primary.Events[i].SeqNum} holds {rows[i].Length} values, earlier events {rowLength}");
            values = DetectorValues.OfRows(rows, rowLength);
        }
        else
        {
            values = DetectorValues.OfScalars(primary.Scalars(key));
        }
        return new StxmRunData
        {
            Metadata = metadata, Primary = primary, Baseline = baseline, DetectorKey = key, DetectorUnits = declared.Units,
            Values = values, RowLength = rowLength,
        };
    }

    /// <summary>The detector's field: named in the descriptor hints, else the first key of that object or prefix.</summary>
    private static string? DetectorKeyOf(BlueskyStream primary, string detector)
    {
        foreach (var d in primary.Descriptors)
        {
            if (d.Raw.TryGetProperty("hints", out var hints) && hints.ValueKind == System.Text.Json.JsonValueKind.Object
                && hints.TryGetProperty(detector, out var h) && h.TryGetProperty("fields", out var fields)
                && fields.ValueKind == System.Text.Json.JsonValueKind.Array && fields.GetArrayLength() > 0
                && fields[0].GetString() is { } field && primary.Has(field))
                return field;
        }
        var keys = primary.Descriptors.SelectMany(d => d.DataKeys.Values).ToList();
        return keys.FirstOrDefault(k => k.ObjectName == detector)?.Name
            ?? keys.FirstOrDefault(k => k.Name == detector)?.Name
            ?? keys.FirstOrDefault(k => k.Name.StartsWith(detector + "_", StringComparison.Ordinal))?.Name;
    }

    /// <summary>
    /// A signal recorded in the primary stream (key <paramref name="pv"/> or <c>pv_val</c>), one value per detector
    /// value (an event's value repeated over its waveform); null when the stream does not record it.
    /// </summary>
    public double[]? PerValue(string? pv)
    {
        if (pv is null || Primary is null) return null;
        var key = Primary.Has(pv) ? pv : Primary.Has(pv + "_val") ? pv + "_val" : null;
        if (key is null || Primary.Key(key)!.Shape.Count > 0) return null;
        var perEvent = Primary.Scalars(key);
        var result = new double[Values.Length];
        for (var i = 0; i < result.Length; i++) result[i] = perEvent[Math.Min(i / Math.Max(RowLength, 1), perEvent.Length - 1)];
        return result;
    }

    /// <summary>A baseline signal's value at scan start (first baseline event) and end (last), or null.</summary>
    public (double Start, double End)? BaselineValue(string? pv)
    {
        if (pv is null || Baseline is null || Baseline.Events.Count == 0) return null;
        var key = Baseline.Has(pv) ? pv : Baseline.Has(pv + "_val") ? pv + "_val" : null;
        if (key is null) return null;
        var values = Baseline.Scalars(key);
        return (values[0], values[^1]);
    }

    /// <summary>Every baseline signal, with start and end values (text signals as text).</summary>
    public IReadOnlyList<BaselineSignal> BaselineSignals()
    {
        if (Baseline is null || Baseline.Events.Count == 0) return [];
        var signals = new List<BaselineSignal>();
        foreach (var key in Baseline.Descriptors.SelectMany(d => d.DataKeys.Values).DistinctBy(k => k.Name))
        {
            var raw = Baseline.Events.Select(e => e.Data.TryGetProperty(key.Name, out var v) ? v : default).ToList();
            var picked = new[] { raw[0], raw[^1] };
            if (picked.All(v => v.ValueKind is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False or System.Text.Json.JsonValueKind.Undefined or System.Text.Json.JsonValueKind.Null))
                signals.Add(new BaselineSignal(key.Name, key.Source, key.Units, picked.Select(v => v.ValueKind == System.Text.Json.JsonValueKind.Undefined ? double.NaN : JsonNumbers.ToDouble(v)).ToArray(), null));
            else
                signals.Add(new BaselineSignal(key.Name, key.Source, key.Units, [], picked.Select(v => v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToArray()));
        }
        return signals;
    }

    public double StartTime => Run.Start.Time;
    public double EndTime => Run.Stop?.Time ?? (Run.Events.Count > 0 ? Run.Events[^1].Time : Run.Start.Time);
    public bool Completed => Run.Stop is { ExitStatus: "success" };
}
