namespace Cluster.Client.Models;

/// <summary>
/// A silo of the cluster: <see cref="Status"/> is the Orleans membership's (active, joining, shuttingdown, stopping,
/// dead); a dead silo stays listed for a while so a worker that stopped answering shows as such.
/// </summary>
public sealed record SiloStatus(
    string Address, string Name, string Host, string Role, string Status, int? Slots, int? Busy, int? Activations,
    DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);
