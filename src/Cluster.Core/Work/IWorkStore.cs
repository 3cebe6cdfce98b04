namespace Cluster.Core.Work;

/// <summary>
/// The durable state of runs, items and workers. Every state transition is one guarded
/// statement: items move only from the state the transition expects, and a leased item only for the holder of its
/// current lease token (fencing), so a worker whose lease expired can never overwrite a newer attempt.
/// Times are the store's clock (<c>now()</c> in PostgreSQL), never the caller's.
/// Implemented by PostgreSQL (the cluster) and SQLite (embedded mode); one contract test suite covers both.
/// </summary>
public interface IWorkStore : IAsyncDisposable
{
    /// <summary>Applies pending migrations (versioned SQL, recorded in a schema table); safe when several processes start together.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    // ---- runs -------------------------------------------------------------------------------------------

    /// <summary>
    /// Creates the run, or resumes the run of that name: error, no_data and cancelled items become pending
    /// (attempts reset), done items stay done, the new spec replaces the old one and the run is expanded again
    /// (new input files become new items; existing keys are kept). With <see cref="RunSubmission.IgnoreProgress"/>
    /// every item is removed and the run is expanded from scratch. A kind different from the existing run's is an
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    Task<SubmitResult> SubmitAsync(RunSubmission submission, CancellationToken ct = default);

    Task<RunInfo?> GetRunAsync(string name, CancellationToken ct = default);

    Task<RunInfo?> GetRunAsync(long id, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RunInfo>> ListRunsAsync(RunQuery query, CancellationToken ct = default);

    /// <summary>Runs submitted or resumed whose input has not been expanded into items yet, oldest first.</summary>
    Task<IReadOnlyList<RunInfo>> RunsAwaitingExpansionAsync(CancellationToken ct = default);

    /// <summary>
    /// Adds the items (index = position in <paramref name="items"/>, keys already present are left alone), marks
    /// the run expanded and running (a cancelled run stays cancelled) and wakes the workers. Returns the number added.
    /// </summary>
    Task<int> ExpandAsync(long runId, IReadOnlyList<NewItem> items, CancellationToken ct = default);

    /// <summary>Marks the run's expansion as failed: the run ends <c>failed</c> with the reason in its log.</summary>
    Task FailExpansionAsync(long runId, string reason, CancellationToken ct = default);

    /// <summary>Pending items become cancelled and the run cancelled; leased items may still complete. False if no such unfinished run.</summary>
    Task<bool> CancelAsync(string name, CancellationToken ct = default);

    /// <summary>A cancelled run's cancelled items become pending again and the run running. False if not cancelled.</summary>
    Task<bool> ResumeAsync(string name, CancellationToken ct = default);

    /// <summary>Error items become pending with attempts reset and the run running. Returns how many.</summary>
    Task<int> RetryFailedAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Ends every running, expanded run with no pending or leased items: <c>succeeded</c> when no item is in error,
    /// <c>failed</c> when no item is done or no_data, else <c>completed_with_errors</c>. Returns the runs it ended.
    /// A run that belongs to a watch is skipped: more items may still arrive.
    /// </summary>
    Task<IReadOnlyList<RunInfo>> FinalizeRunsAsync(CancellationToken ct = default);

    // ---- items: the coordination protocol ---------------------------------------------------------------

    /// <summary>
    /// Claim: up to <paramref name="limit"/> pending items whose <c>not_before</c> has passed, by run priority
    /// (lower first), run age, index; each becomes leased to <paramref name="workerId"/> with a fresh token,
    /// <c>lease_until = now + run.lease_seconds</c> and attempts + 1. Concurrent claimers never get the same item.
    /// </summary>
    Task<IReadOnlyList<ItemLease>> ClaimAsync(string workerId, int limit, CancellationToken ct = default);

    /// <summary>
    /// Heartbeat: extends the leases of <paramref name="tokens"/> still held by the worker and records the worker
    /// as alive. Returns the tokens that are still valid; the others were lost (rescued or completed by another), or
    /// are in the middle of another transition at this instant (the worker's own completion): a caller treats a missing
    /// token as lost only for an item it has not started to end.
    /// </summary>
    Task<IReadOnlySet<Guid>> HeartbeatAsync(string workerId, IReadOnlyCollection<Guid> tokens, CancellationToken ct = default);

    /// <summary>Complete: leased -> done or no_data, with its artifacts and a log line, if the token is current.</summary>
    Task<bool> CompleteAsync(Guid token, ItemState outcome, IReadOnlyList<ArtifactRecord> artifacts, string? note,
        CancellationToken ct = default);

    /// <summary>
    /// Complete for a batch of leases in one statement (workers acknowledge in batches, which is what makes thousands of
    /// items per second possible). Each completion is guarded by its own token; returns the tokens that completed.
    /// </summary>
    Task<IReadOnlySet<Guid>> CompleteManyAsync(IReadOnlyList<ItemCompletion> completions, CancellationToken ct = default);

    /// <summary>Fail: leased -> error, the first line of <paramref name="error"/> as summary and all of it in the log, if the token is current.</summary>
    Task<bool> FailAsync(Guid token, string error, CancellationToken ct = default);

    /// <summary>Release: leased -> pending at once, the attempt not counted (graceful shutdown), if the token is current.</summary>
    Task<bool> ReleaseAsync(Guid token, string reason, CancellationToken ct = default);

    /// <summary>
    /// Rescue: every leased item whose lease expired goes back to pending with
    /// <c>not_before = now + backoff * 2^(attempts-1) * (1 + jitter in [0, 0.5))</c>, or to error once attempts reached
    /// the run's max_attempts; each with a log line naming the lost worker.
    /// </summary>
    Task<RescueResult> RescueExpiredAsync(TimeSpan backoff, CancellationToken ct = default);

    /// <summary>
    /// Ends every lease now, so the next <see cref="RescueExpiredAsync"/> takes the items back. For a store that one
    /// process owns (embedded mode): at start-up, leases still held were the previous, dead process's.
    /// </summary>
    Task<int> ExpireLeasesAsync(CancellationToken ct = default);

    /// <summary>
    /// Rescue of one worker's leases now, whatever their expiry: for a worker that the cluster membership declared dead
    /// (its leases would otherwise run until expiry). Back to pending with <c>not_before = now + backoff * (1 + jitter)</c>,
    /// not doubled per attempt as for expired leases: most of a dead worker's items were waiting in its queue, not the
    /// cause of its death. The death gives the attempt back unless the item's start was recorded (<see cref="StartAsync"/>),
    /// and counts one more worker death of the item; to error once attempts reached max_attempts. Fenced: a late
    /// completion finds its token gone.
    /// </summary>
    Task<RescueResult> RescueLeasesOfAsync(string workerId, TimeSpan backoff, CancellationToken ct = default);

    /// <summary>
    /// Start: records that the leased item's processing begins (guarded by its token; false when the lease is gone). Only
    /// for items whose worker died holding them before (<see cref="ItemLease.PreviousHolderDied"/>): then a death of this
    /// worker spends the attempt.
    /// </summary>
    Task<bool> StartAsync(Guid token, CancellationToken ct = default);

    /// <summary>The workers that hold at least one lease.</summary>
    Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct = default);

    /// <summary>Who holds the run's leased items: per worker, how many, until when at the latest, and its last heartbeat (null: not registered).</summary>
    Task<IReadOnlyList<LeaseHolder>> LeaseHoldersAsync(long runId, CancellationToken ct = default);

    // ---- queries ----------------------------------------------------------------------------------------

    /// <summary>Items in index order, optionally of one state and/or whose key contains <paramref name="search"/>.</summary>
    Task<IReadOnlyList<ItemInfo>> ListItemsAsync(long runId, ItemState? state, string? search, int offset, int limit,
        CancellationToken ct = default);

    Task<IReadOnlyList<ItemLogEntry>> ItemLogAsync(long runId, string key, CancellationToken ct = default);

    Task AppendLogAsync(long runId, string key, int attempt, string level, string message, string? worker,
        CancellationToken ct = default);

    Task<ProgressDocument> ProgressAsync(long runId, CancellationToken ct = default);

    /// <summary>Artifacts of the run, or of one item (<c>""</c> for run-level artifacts).</summary>
    Task<IReadOnlyList<RunArtifact>> ArtifactsAsync(long runId, string? itemKey, CancellationToken ct = default);

    /// <summary>Records (or replaces) a run-level artifact such as the progress document.</summary>
    Task PutRunArtifactAsync(long runId, ArtifactRecord artifact, CancellationToken ct = default);

    // ---- watches ------------------------------------------------------------------------------------------

    /// <summary>
    /// Creates the watch and, in the same transaction, its run (same name, kind and spec; expanded and running at once,
    /// since its items come from observations, not from an input expansion). The run is never finalised while the
    /// watch exists. An <see cref="InvalidOperationException"/> when a watch or run of that name exists.
    /// </summary>
    Task<WatchInfo> AddWatchAsync(WatchDefinition watch, CancellationToken ct = default);

    /// <summary>By name.</summary>
    Task<IReadOnlyList<WatchInfo>> ListWatchesAsync(CancellationToken ct = default);

    /// <summary>Removes the watch and its file versions; its run stays and finalises once its items are finished. False if no such watch.</summary>
    Task<bool> RemoveWatchAsync(string name, CancellationToken ct = default);

    /// <summary>
    /// Records one look at a file (the settle logic, one transaction under the file's row lock): a new or changed
    /// (size, stamp) restarts the settle interval; a (size, stamp) unchanged for the watch's settle seconds (store clock)
    /// that differs from the last enqueued one bumps the file's version and adds one pending item to the watch's run,
    /// key <see cref="ObservationResult.KeyOf"/>, input the observation's input. The enqueued version is durable, so a
    /// restarted orchestrator or a new activation of the watch grain re-observing the same file enqueues nothing.
    /// </summary>
    Task<ObservationResult> RecordObservationAsync(string watch, FileObservation file, CancellationToken ct = default);

    // ---- workers -------------------------------------------------------------------------------------------

    Task RegisterWorkerAsync(string workerId, string host, int processId, int slots, CancellationToken ct = default);

    Task RemoveWorkerAsync(string workerId, CancellationToken ct = default);

    /// <summary>Workers whose heartbeat is younger than <paramref name="aliveWithin"/>.</summary>
    Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(TimeSpan aliveWithin, CancellationToken ct = default);
}
