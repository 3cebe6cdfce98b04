using System.Text.Json;

namespace Cluster.Nexus.Bluesky;

/// <summary>The run start document; <see cref="Raw"/> keeps every field (plan arguments, metadata, ...).</summary>
public sealed record RunStart(string Uid, double Time, JsonElement Raw);

/// <summary>One entry of a descriptor's <c>data_keys</c>: what an event's <c>data[Name]</c> holds.</summary>
public sealed record DataKey(string Name, string Dtype, IReadOnlyList<int> Shape, string? Units, string? Source, string? ObjectName);

/// <summary>An event descriptor: the stream (<c>primary</c>, <c>baseline</c>, ...) and the keys its events carry.</summary>
public sealed record EventDescriptor(
    string Uid, string RunStart, string StreamName, IReadOnlyDictionary<string, DataKey> DataKeys, JsonElement Raw);

/// <summary>
/// One event (an <c>event_page</c> is unpacked into events). <see cref="Data"/> is the JSON object of values by key.
/// </summary>
public sealed record BlueskyEvent
{
    public BlueskyEvent(string Uid, string Descriptor, long SeqNum, double Time, JsonElement Data)
        : this(Uid, Descriptor, SeqNum, Time, BlueskyEventData.From(Data))
    {
    }

    internal BlueskyEvent(string uid, string descriptor, long seqNum, double time, BlueskyEventData values)
    {
        Uid = uid;
        Descriptor = descriptor;
        SeqNum = seqNum;
        Time = time;
        Values = values;
    }

    public string Uid { get; init; }
    public string Descriptor { get; init; }
    public long SeqNum { get; init; }
    public double Time { get; init; }

    /// <summary>The data object, rebuilt from the parsed values on each call (events keep no JSON document alive).</summary>
    public JsonElement Data => Values.ToJsonElement();

    /// <summary>The values, parsed once: what the stream readers use.</summary>
    internal BlueskyEventData Values { get; }

    public void Deconstruct(out string uid, out string descriptor, out long seqNum, out double time, out JsonElement data) =>
        (uid, descriptor, seqNum, time, data) = (Uid, Descriptor, SeqNum, Time, Data);
}

/// <summary>The run stop document; a run without one was interrupted (or is still running).</summary>
public sealed record RunStop(
    string Uid, string RunStart, double Time, string ExitStatus, string? Reason, IReadOnlyDictionary<string, long> NumEvents);
