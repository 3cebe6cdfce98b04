using System.Text.Json.Nodes;
using Cluster.Core.Work;

namespace Cluster.Client.Models;

/// <summary>A run as the API shows it: its state, item counts and how fast it is going.</summary>
/// <param name="Total">Number of items (the sum of <paramref name="Counts"/>).</param>
/// <param name="Rate">Finished items per second since <paramref name="StartedAt"/> (until <paramref name="FinishedAt"/> once ended); null before it started.</param>
/// <param name="EtaSeconds">Pending and leased items divided by <paramref name="Rate"/>; 0 once finished, null while nothing finished yet.</param>
/// <param name="Spec">The stored spec, with the input directory resolved against the server's input roots.</param>
/// <param name="Stalled">
/// Workers holding leased items of the run that stopped answering (one run's status only; null in listings): those
/// items wait, there is no ETA while they do.
/// </param>
public sealed record RunStatus(
    long Id,
    string Name,
    string Kind,
    RunState State,
    int Priority,
    int MaxAttempts,
    int LeaseSeconds,
    string? Sample,
    RunItemCounts Counts,
    long Total,
    double? Rate,
    double? EtaSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JsonObject? Spec,
    IReadOnlyList<StalledLeases>? Stalled = null);

/// <summary>
/// Items of a run leased to a worker that stopped answering (no heartbeat for a while): they go back to the queue at
/// <paramref name="ReturnsBy"/> at the latest (lease expiry), sooner when the cluster declares the worker's silo dead.
/// </summary>
/// <param name="SilentSince">The worker's last heartbeat; null when it is not registered at all.</param>
public sealed record StalledLeases(string Worker, int Items, DateTimeOffset? SilentSince, DateTimeOffset ReturnsBy);

/// <summary>How many of a run's items are in each state.</summary>
public sealed record RunItemCounts(long Pending, long Leased, long Done, long Error, long NoData, long Cancelled);
