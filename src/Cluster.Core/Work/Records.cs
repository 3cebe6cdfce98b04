namespace Cluster.Core.Work;

/// <summary>What the store needs to create or resume a run; <see cref="SpecJson"/> is the validated spec as JSON.</summary>
public sealed record RunSubmission(
    string Name,
    string Kind,
    string SpecJson,
    int Priority,
    int MaxAttempts,
    int LeaseSeconds,
    bool IgnoreProgress = false,
    string? Sample = null);

public enum SubmitOutcome
{
    /// <summary>A new run.</summary>
    Created,

    /// <summary>An existing run of that name: done items stay done, error/no_data/cancelled items are pending again.</summary>
    Resumed,

    /// <summary>An existing run, started over: every item is pending again (<c>--ignore-progress</c>).</summary>
    Restarted,
}

public sealed record SubmitResult(RunInfo Run, SubmitOutcome Outcome, int ItemsRequeued);

public sealed record ItemCounts(long Pending, long Leased, long Done, long Error, long NoData, long Cancelled)
{
    public static readonly ItemCounts Zero = new(0, 0, 0, 0, 0, 0);
    public long Total => Pending + Leased + Done + Error + NoData + Cancelled;
    public long Finished => Done + Error + NoData;
}

public sealed record RunInfo(
    long Id,
    string Name,
    string Kind,
    RunState State,
    int Priority,
    int MaxAttempts,
    int LeaseSeconds,
    string SpecJson,
    string? Sample,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    ItemCounts Counts);

/// <summary>One item to add to a run; its index is its position in the input order.</summary>
/// <param name="Key">Unique within the run (a file's path relative to the input directory, or the listed key).</param>
/// <param name="Input">What the processor reads: a local path (or, later, an object-store URI).</param>
public sealed record NewItem(string Key, string Input);

/// <summary>A claimed item: the worker owns it while <see cref="Token"/> is the item's current lease token.</summary>
/// <param name="PreviousHolderDied">
/// A worker died holding this item before: the worker records the start in the ledger (<see cref="IWorkStore.StartAsync"/>)
/// before running it, so that one more death spends the attempt (a poison item ends in error; items merely queued on a
/// dying worker do not).
/// </param>
public sealed record ItemLease(
    long RunId,
    string RunName,
    string Kind,
    string Key,
    long Index,
    string Input,
    Guid Token,
    int Attempt,
    DateTimeOffset LeaseUntil,
    bool PreviousHolderDied = false);

public sealed record ItemInfo(
    string Key,
    long Index,
    ItemState State,
    int Attempts,
    string? Error,
    string? LeaseOwner,
    DateTimeOffset? FinishedAt);

public sealed record ItemLogEntry(DateTimeOffset At, int Attempt, string Level, string Message, string? Worker);

/// <summary>An artifact as recorded in the work store; <see cref="StoreKey"/> locates it in the artifact store.</summary>
public sealed record ArtifactRecord(string Name, string MediaType, long Size, string Sha256, string StoreKey);

/// <summary>An artifact with the item it belongs to ("" for run-level artifacts such as the progress document).</summary>
public sealed record RunArtifact(string ItemKey, ArtifactRecord Artifact);

public sealed record WorkerInfo(string Id, string Host, int ProcessId, int Slots, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, int Leased);

public sealed record RescueResult(int Requeued, int Failed);

/// <summary>A worker holding leased items of a run: how many, the latest lease end, its last heartbeat (null: not registered).</summary>
public sealed record LeaseHolder(string Worker, int Items, DateTimeOffset LeaseUntil, DateTimeOffset? HeartbeatAt);

public sealed record RunQuery(RunState? State = null, string? Kind = null, string? Sample = null,
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, int Limit = 100);

/// <summary>One successful ending of a leased item, for <see cref="IWorkStore.CompleteManyAsync"/>.</summary>
public sealed record ItemCompletion(Guid Token, ItemState Outcome, IReadOnlyList<ArtifactRecord> Artifacts, string? Note);
