namespace Cluster.Client.Models;

/// <summary>A watch: what it watches, the kind of its run (same name), and how many files and versions it has seen and enqueued.</summary>
public sealed record WatchStatus(
    string Name,
    string Source,
    string Pattern,
    int SettleSeconds,
    string Kind,
    DateTimeOffset CreatedAt,
    long FilesSeen,
    long VersionsEnqueued);
