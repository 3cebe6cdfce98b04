namespace Cluster.Client.Models;

/// <summary>A worker that sent a heartbeat recently, with how many items it holds.</summary>
public sealed record WorkerStatus(string Id, string Host, int ProcessId, int Slots, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, int Leased);
