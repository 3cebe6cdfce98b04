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
public sealed record BlueskyEvent(string Uid, string Descriptor, long SeqNum, double Time, JsonElement Data);

/// <summary>The run stop document; a run without one was interrupted (or is still running).</summary>
public sealed record RunStop(
    string Uid, string RunStart, double Time, string ExitStatus, string? Reason, IReadOnlyDictionary<string, long> NumEvents);
