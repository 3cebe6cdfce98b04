namespace Cluster.Nexus.Bluesky;

/// <summary>One bluesky run: its start document, descriptors, events in emission order and (unless aborted) stop.</summary>
public sealed class BlueskyRun(
    string source, RunStart start, IReadOnlyList<EventDescriptor> descriptors, IReadOnlyList<BlueskyEvent> events, RunStop? stop)
{
    /// <summary>The file the run was read from (for error messages).</summary>
    public string Source { get; } = source;
    public string Uid => Start.Uid;
    public RunStart Start { get; } = start;
    public IReadOnlyList<EventDescriptor> Descriptors { get; } = descriptors;
    public IReadOnlyList<BlueskyEvent> Events { get; } = events;
    public RunStop? Stop { get; } = stop;

    /// <summary>Stream names in the order their first descriptor appeared.</summary>
    public IReadOnlyList<string> StreamNames => Descriptors.Select(d => d.StreamName).Distinct().ToList();

    /// <summary>The events of one stream (all its descriptors), or null when the run has no such stream.</summary>
    public BlueskyStream? Stream(string name)
    {
        var descriptors = Descriptors.Where(d => d.StreamName == name).ToList();
        if (descriptors.Count == 0) return null;
        var uids = descriptors.Select(d => d.Uid).ToHashSet();
        return new BlueskyStream(this, name, descriptors, Events.Where(e => uids.Contains(e.Descriptor)).ToList());
    }

    /// <summary>Creates an error naming this run's file and uid.</summary>
    public BlueskyFormatException Error(string problem) => new(Source, Uid, problem);
}

/// <summary>The events of one stream of a run, with typed column access.</summary>
public sealed class BlueskyStream(BlueskyRun run, string name, IReadOnlyList<EventDescriptor> descriptors, IReadOnlyList<BlueskyEvent> events)
{
    public BlueskyRun Run { get; } = run;
    public string Name { get; } = name;
    public IReadOnlyList<EventDescriptor> Descriptors { get; } = descriptors;
    public IReadOnlyList<BlueskyEvent> Events { get; } = events;

    /// <summary>The data key as the first descriptor that declares it describes it.</summary>
    public DataKey? Key(string key) =>
        Descriptors.Select(d => d.DataKeys.GetValueOrDefault(key)).FirstOrDefault(k => k is not null);

    public bool Has(string key) => Key(key) is not null;

    /// <summary>A scalar column as doubles (booleans 0/1, null or non-numeric text NaN), one per event.</summary>
    public double[] Scalars(string key)
    {
        var values = new double[Events.Count];
        for (var i = 0; i < Events.Count; i++)
        {
            if (!Events[i].Values.TryGetScalar(key, out values[i]))
                throw Run.Error($"stream '{Name}': event {Events[i].SeqNum} has no value for '{key}'");
        }
        return values;
    }

    /// <summary>
    /// An array column (waveforms), one array per event; each checked against the declared shape. The rows are the
    /// events' own arrays, parsed once when the file was read: callers must not change them.
    /// </summary>
    public double[][] Arrays(string key)
    {
        var declared = Key(key)?.Shape ?? [];
        var capacity = declared.Count == 0 ? long.MaxValue : declared.Aggregate(1L, (p, n) => p * n);
        var rows = new double[Events.Count][];
        for (var i = 0; i < Events.Count; i++)
        {
            if (!Events[i].Values.TryGetArray(key, out var row, out var kind))
                throw Run.Error($"stream '{Name}': event {Events[i].SeqNum} has no value for '{key}'");
            if (row is null)
                throw Run.Error($"shape mismatch: stream '{Name}' key '{key}' event {Events[i].SeqNum} holds a {kind}, the descriptor declares shape [{string.Join(", ", declared)}]");
            if (row.Length > capacity)
                throw Run.Error($"shape mismatch: stream '{Name}' key '{key}' event {Events[i].SeqNum} holds {row.Length} values, more than the declared shape [{string.Join(", ", declared)}]");
            rows[i] = row;
        }
        return rows;
    }
}
