using System.Text.Json.Nodes;
using Cluster.Core.Work;

namespace Cluster.Client.Models;

/// <summary>A run as the API shows it: its state, item counts and how fast it is going.</summary>
/// <param name="Total">Number of items (the sum of <paramref name="Counts"/>).</param>
/// <param name="Rate">Finished items per second since <paramref name="StartedAt"/> (until <paramref name="FinishedAt"/> once ended); null before it started.</param>
/// <param name="EtaSeconds">Pending and leased items divided by <paramref name="Rate"/>; 0 once finished, null while nothing finished yet.</param>
/// <param name="Spec">The stored spec, with the input directory resolved against the server's input roots.</param>
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
    JsonObject? Spec);

/// <summary>How many of a run's items are in each state.</summary>
public sealed record RunItemCounts(long Pending, long Leased, long Done, long Error, long NoData, long Cancelled);
