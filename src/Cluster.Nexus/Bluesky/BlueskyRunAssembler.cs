using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>
/// Collects <c>(name, document)</c> pairs in emission order and groups them into runs, checking the order bluesky
/// guarantees: start first, descriptors before their events, nothing after the stop, every uid once. Several runs
/// may be interleaved. Errors name the source, the place (line, position) and the run.
/// </summary>
public sealed class BlueskyRunAssembler(string source)
{
    private sealed class RunParts(RunStart start)
    {
        public RunStart Start { get; } = start;
        public List<EventDescriptor> Descriptors { get; } = [];
        public List<BlueskyEvent> Events { get; } = [];
        public RunStop? Stop { get; set; }
    }

    private readonly List<RunParts> _runs = [];
    private readonly Dictionary<string, RunParts> _runsByUid = [];
    private readonly Dictionary<string, (EventDescriptor Descriptor, RunParts Run)> _descriptors = [];
    private readonly HashSet<string> _uids = [];

    /// <summary>Adds one document; <paramref name="place"/> says where it came from (e.g. "line 12").</summary>
    public void Add(string name, JsonElement doc, string place)
    {
        if (doc.ValueKind != JsonValueKind.Object)
            throw Fail(place, null, $"'{name}' document is a JSON {doc.ValueKind}, not an object");
        switch (name)
        {
            case "start": AddStart(doc, place); break;
            case "descriptor": AddDescriptor(doc, place); break;
            case "event": AddEvent(doc, place); break;
            case "event_page": AddEventPage(doc, place); break;
            case "stop": AddStop(doc, place); break;
            case "resource" or "datum" or "datum_page":
                throw Fail(place, RunOf(doc), $"'{name}' documents (externally stored data read through handlers) are not supported; export the run with filled data");
            case "bulk_events" or "bulk_datum":
                throw Fail(place, null, $"'{name}' documents (deprecated) are not supported");
            default:
                throw Fail(place, null, $"unknown document type '{name}'");
        }
    }

    /// <summary>The runs in the order their start documents appeared. Runs without a stop are returned (aborted).</summary>
    public IReadOnlyList<BlueskyRun> Finish()
    {
        if (_runs.Count == 0)
            throw new BlueskyFormatException(source, null, "no start document: the file holds no bluesky run");
        return _runs.Select(r => new BlueskyRun(source, r.Start, r.Descriptors, r.Events, r.Stop)).ToList();
    }

    private void AddStart(JsonElement doc, string place)
    {
        var uid = RequireString(doc, "uid", "start", place, null);
        if (_runsByUid.ContainsKey(uid))
            throw Fail(place, uid, "a second start document with the same uid");
        ClaimUid(uid, "start", place, uid);
        var run = new RunParts(new RunStart(uid, RequireNumber(doc, "time", "start", place, uid), doc.Clone()));
        _runs.Add(run);
        _runsByUid[uid] = run;
    }

    private void AddDescriptor(JsonElement doc, string place)
    {
        var runUid = RequireString(doc, "run_start", "descriptor", place, null);
        var run = RunFor(runUid, "descriptor", place);
        var uid = RequireString(doc, "uid", "descriptor", place, runUid);
        ClaimUid(uid, "descriptor", place, runUid);
        var streamName = JsonNumbers.OptionalString(doc, "name") ?? "primary";
        var keys = new Dictionary<string, DataKey>();
        if (doc.TryGetProperty("data_keys", out var dataKeys) && dataKeys.ValueKind == JsonValueKind.Object)
        {
            foreach (var k in dataKeys.EnumerateObject())
            {
                var shape = k.Value.TryGetProperty("shape", out var s) && s.ValueKind == JsonValueKind.Array
                    ? s.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 0).ToList()
                    : [];
                keys[k.Name] = new DataKey(k.Name, JsonNumbers.OptionalString(k.Value, "dtype") ?? "number", shape,
                    JsonNumbers.OptionalString(k.Value, "units"), JsonNumbers.OptionalString(k.Value, "source"),
                    JsonNumbers.OptionalString(k.Value, "object_name"));
            }
        }
        var descriptor = new EventDescriptor(uid, runUid, streamName, keys, doc.Clone());
        run.Descriptors.Add(descriptor);
        _descriptors[uid] = (descriptor, run);
    }

    private void AddEvent(JsonElement doc, string place)
    {
        var (descriptor, run) = DescriptorFor(doc, "event", place);
        var uid = RequireString(doc, "uid", "event", place, run.Start.Uid);
        ClaimUid(uid, "event", place, run.Start.Uid);
        var data = doc.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object
            ? BlueskyEventData.From(d, descriptor.DataKeys)
            : throw Fail(place, run.Start.Uid, $"event {uid} has no 'data' object");
        RejectUnfilled(doc, place, run.Start.Uid);
        var seq = doc.TryGetProperty("seq_num", out var sn) && sn.ValueKind == JsonValueKind.Number ? sn.GetInt64() : run.Events.Count + 1;
        var time = doc.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : double.NaN;
        run.Events.Add(new BlueskyEvent(uid, descriptor.Uid, seq, time, data));
    }

    /// <summary>
    /// An event a streaming reader has already taken apart (<see cref="BlueskyEventLine"/>: only well-formed, filled
    /// events take that path); the same order and uid checks apply as to <see cref="Add"/>.
    /// </summary>
    internal void AddParsedEvent(string uid, string descriptorUid, long? seqNum, double time, BlueskyEventData data, string place)
    {
        var (descriptor, run) = DescriptorFor(descriptorUid, "event", place);
        ClaimUid(uid, "event", place, run.Start.Uid);
        run.Events.Add(new BlueskyEvent(uid, descriptor.Uid, seqNum ?? run.Events.Count + 1, time, data));
    }

    private void AddEventPage(JsonElement doc, string place)
    {
        var (descriptor, run) = DescriptorFor(doc, "event_page", place);
        var runUid = run.Start.Uid;
        RejectUnfilled(doc, place, runUid);
        var uids = doc.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : throw Fail(place, runUid, "event_page has no 'uid' list");
        var times = doc.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(JsonNumbers.ToDouble).ToList() : [];
        var seqs = doc.TryGetProperty("seq_num", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().Select(x => x.GetInt64()).ToList() : [];
        if (!doc.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            throw Fail(place, runUid, "event_page has no 'data' object");
        var columns = data.EnumerateObject().Select(p => (p.Name, Values: p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToArray() : [])).ToList();
        foreach (var column in columns)
            if (column.Values.Length != uids.Count)
                throw Fail(place, runUid, $"event_page column '{column.Name}' has {column.Values.Length} values for {uids.Count} events");
        for (var i = 0; i < uids.Count; i++)
        {
            ClaimUid(uids[i], "event", place, runUid);
            run.Events.Add(new BlueskyEvent(uids[i], descriptor.Uid, i < seqs.Count ? seqs[i] : run.Events.Count + 1,
                i < times.Count ? times[i] : double.NaN, BlueskyEventData.FromPage(columns, i)));
        }
    }

    private void AddStop(JsonElement doc, string place)
    {
        var runUid = RequireString(doc, "run_start", "stop", place, null);
        var run = RunFor(runUid, "stop", place);
        if (run.Stop is not null)
            throw Fail(place, runUid, "a second stop document for the run");
        var uid = RequireString(doc, "uid", "stop", place, runUid);
        ClaimUid(uid, "stop", place, runUid);
        var counts = new Dictionary<string, long>();
        if (doc.TryGetProperty("num_events", out var n) && n.ValueKind == JsonValueKind.Object)
            foreach (var p in n.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) counts[p.Name] = p.Value.GetInt64();
        run.Stop = new RunStop(uid, runUid, RequireNumber(doc, "time", "stop", place, runUid),
            JsonNumbers.OptionalString(doc, "exit_status") ?? "unknown", JsonNumbers.OptionalString(doc, "reason"), counts);
    }

    private RunParts RunFor(string runUid, string kind, string place)
    {
        if (!_runsByUid.TryGetValue(runUid, out var run))
            throw Fail(place, runUid, $"{kind} document before (or without) the run's start document: no start document for this run");
        if (run.Stop is not null)
            throw Fail(place, runUid, $"{kind} document after the run's stop document");
        return run;
    }

    private (EventDescriptor, RunParts) DescriptorFor(JsonElement doc, string kind, string place) =>
        DescriptorFor(RequireString(doc, "descriptor", kind, place, null), kind, place);

    private (EventDescriptor, RunParts) DescriptorFor(string descriptorUid, string kind, string place)
    {
        if (!_descriptors.TryGetValue(descriptorUid, out var found))
            throw Fail(place, null, $"{kind} refers to descriptor {descriptorUid}, which has not appeared (event before its descriptor, or a descriptor of no run in this file)");
        if (found.Run.Stop is not null)
            throw Fail(place, found.Run.Start.Uid, $"{kind} after the run's stop document");
        return found;
    }

    private void RejectUnfilled(JsonElement doc, string place, string runUid)
    {
        if (doc.TryGetProperty("filled", out var filled) && filled.ValueKind == JsonValueKind.Object)
            foreach (var f in filled.EnumerateObject())
                if (f.Value.ValueKind == JsonValueKind.False || (f.Value.ValueKind == JsonValueKind.Array && f.Value.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.False)))
                    throw Fail(place, runUid, $"'{f.Name}' is not filled (a datum reference to external data); external data is not supported");
    }

    private void ClaimUid(string uid, string kind, string place, string? runUid)
    {
        if (!_uids.Add(uid))
            throw Fail(place, runUid, $"duplicate uid {uid} ({kind} document)");
    }

    private string RequireString(JsonElement doc, string field, string kind, string place, string? runUid) =>
        JsonNumbers.OptionalString(doc, field) is { Length: > 0 } s ? s : throw Fail(place, runUid, $"{kind} document has no '{field}'");

    private double RequireNumber(JsonElement doc, string field, string kind, string place, string? runUid) =>
        doc.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Fail(place, runUid, $"{kind} document has no numeric '{field}'");

    private static string? RunOf(JsonElement doc) => JsonNumbers.OptionalString(doc, "run_start");

    private BlueskyFormatException Fail(string place, string? runUid, string problem) => new($"{source} ({place})", runUid, problem);
}
