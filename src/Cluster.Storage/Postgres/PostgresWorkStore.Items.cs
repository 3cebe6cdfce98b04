using Cluster.Core.Work;
using Npgsql;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>The coordination protocol: claim, heartbeat, complete, fail, release, rescue.</summary>
public sealed partial class PostgresWorkStore
{
    private const string ClaimSql = """
        UPDATE items i SET state = 'leased', lease_owner = $1, lease_token = gen_random_uuid(),
            lease_until = now() + make_interval(secs => r.lease_seconds), attempts = i.attempts + 1, started_at = NULL,
            updated_at = now()
        FROM runs r
        WHERE r.id = i.run_id AND (i.run_id, i.key) IN (
            SELECT run_id, key FROM items
            WHERE state = 'pending' AND not_before <= now()
            ORDER BY priority, run_id, idx
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        RETURNING i.run_id, r.name, r.kind, i.key, i.idx, i.input, i.lease_token, i.attempts, i.lease_until, i.priority,
            i.worker_deaths > 0
        """;

    public async Task<IReadOnlyList<ItemLease>> ClaimAsync(string workerId, int limit, CancellationToken ct = default)
    {
        TransitionArguments.RequireLimit(limit);
        await using var command = _dataSource.CreateCommand(ClaimSql);
        var leases = await ReadAllAsync(command.With(workerId).With(limit), r => (Priority: r.GetInt32(9), Lease: new ItemLease(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
            r.GetGuid(6), r.GetInt32(7), r.GetFieldValue<DateTimeOffset>(8), r.GetBoolean(10))), ct).ConfigureAwait(false);
        // RETURNING has no order; hand the items out in claim order.
        return leases.OrderBy(l => l.Priority).ThenBy(l => l.Lease.RunId).ThenBy(l => l.Lease.Index).Select(l => l.Lease).ToList();
    }

    public async Task<IReadOnlySet<Guid>> HeartbeatAsync(string workerId, IReadOnlyCollection<Guid> tokens,
        CancellationToken ct = default)
    {
        // SKIP LOCKED: a row locked now is being completed by this worker's own batch (or rescued); waiting for it
        // would deadlock against a completion that locks the same rows in another order (seen at 3,000 items/s).
        await using var command = _dataSource.CreateCommand("""
            WITH alive AS (UPDATE workers SET heartbeat_at = now() WHERE id = $1),
            held AS (
                SELECT run_id, key FROM items
                WHERE lease_token = ANY($2) AND state = 'leased' AND lease_owner = $1
                FOR UPDATE SKIP LOCKED)
            UPDATE items i SET lease_until = now() + make_interval(secs => r.lease_seconds), updated_at = now()
            FROM runs r, held h
            WHERE i.run_id = h.run_id AND i.key = h.key AND r.id = i.run_id
            RETURNING i.lease_token
            """);
        var held = await ReadAllAsync(command.With(workerId).With(tokens.ToArray()), r => r.GetGuid(0), ct).ConfigureAwait(false);
        return held.ToHashSet();
    }

    public async Task<bool> CompleteAsync(Guid token, ItemState outcome, IReadOnlyList<ArtifactRecord> artifacts,
        string? note, CancellationToken ct = default) =>
        (await CompleteManyAsync([new ItemCompletion(token, outcome, artifacts, note)], ct).ConfigureAwait(false)).Contains(token);

    public async Task<IReadOnlySet<Guid>> CompleteManyAsync(IReadOnlyList<ItemCompletion> completions, CancellationToken ct = default)
    {
        foreach (var completion in completions) TransitionArguments.RequireOutcome(completion.Outcome);
        if (completions.Count == 0) return new HashSet<Guid>();
        // One statement: the items, their artifacts (one row each, a retry replaces it) and the log lines commit together.
        await using var command = _dataSource.CreateCommand("""
            WITH input AS (
                SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $10::text[]) AS c(token, outcome, message, summary)),
            completed AS (
                UPDATE items i SET state = c.outcome, lease_token = NULL, lease_until = NULL, error = c.summary,
                    finished_at = now(), updated_at = now()
                FROM input c
                WHERE i.lease_token = c.token AND i.state = 'leased'
                RETURNING i.run_id, i.key, i.attempts, i.lease_owner, c.token, c.message),
            recorded AS (
                INSERT INTO artifacts (run_id, item_key, name, media_type, size, sha256, store_key)
                SELECT c.run_id, c.key, a.name, a.media_type, a.size, a.sha256, a.store_key
                FROM completed c
                JOIN unnest($4::uuid[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::text[])
                    AS a(token, name, media_type, size, sha256, store_key) ON a.token = c.token
                ON CONFLICT (run_id, item_key, name) DO UPDATE SET media_type = excluded.media_type, size = excluded.size,
                    sha256 = excluded.sha256, store_key = excluded.store_key, created_at = now()),
            logged AS (
                INSERT INTO item_log (run_id, key, attempt, level, message, worker)
                SELECT run_id, key, attempts, 'info', message, lease_owner FROM completed)
            SELECT token FROM completed
            """);
        var artifacts = completions.SelectMany(c => c.Artifacts.Select(a => (c.Token, Artifact: a))).ToList();
        command.With(completions.Select(c => c.Token).ToArray())
            .With(completions.Select(c => c.Outcome.Text()).ToArray())
            .With(completions.Select(c => c.Note is null ? c.Outcome.Text() : $"{c.Outcome.Text()}: {c.Note}").ToArray())
            .With(artifacts.Select(a => a.Token).ToArray())
            .With(artifacts.Select(a => a.Artifact.Name).ToArray()).With(artifacts.Select(a => a.Artifact.MediaType).ToArray())
            .With(artifacts.Select(a => a.Artifact.Size).ToArray()).With(artifacts.Select(a => a.Artifact.Sha256).ToArray())
            .With(artifacts.Select(a => a.Artifact.StoreKey).ToArray())
            .With(completions.Select(c => ErrorSummary.OfCompletion(c.Outcome, c.Note)).ToArray());
        return (await ReadAllAsync(command, r => r.GetGuid(0), ct).ConfigureAwait(false)).ToHashSet();
    }

    public async Task<bool> StartAsync(Guid token, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE items SET started_at = now(), updated_at = now() WHERE lease_token = $1 AND state = 'leased'");
        return await command.With(token).ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<bool> FailAsync(Guid token, string error, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH failed AS (
                UPDATE items SET state = 'error', error = $2, lease_token = NULL, lease_until = NULL,
                    finished_at = now(), updated_at = now()
                WHERE lease_token = $1 AND state = 'leased'
                RETURNING run_id, key, attempts, lease_owner),
            logged AS (
                INSERT INTO item_log (run_id, key, attempt, level, message, worker)
                SELECT run_id, key, attempts, 'error', $3, lease_owner FROM failed)
            SELECT count(*) FROM failed
            """);
        command.With(token).With(ErrorSummary.FirstLine(error)).With(error);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    public async Task<bool> ReleaseAsync(Guid token, string reason, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH released AS (
                UPDATE items SET state = 'pending', attempts = attempts - 1, lease_token = NULL, lease_until = NULL,
                    not_before = '-infinity', updated_at = now()
                WHERE lease_token = $1 AND state = 'leased'
                RETURNING run_id, key, attempts, lease_owner),
            logged AS (
                INSERT INTO item_log (run_id, key, attempt, level, message, worker)
                SELECT run_id, key, attempts + 1, 'info', 'released: ' || $2, lease_owner FROM released)
            SELECT count(*) FROM released
            """);
        return (long)(await command.With(token).With(reason).ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    public async Task<RescueResult> RescueExpiredAsync(TimeSpan backoff, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(RescueSql(
            "lease_until < now()",
            "attempts",
            "i.worker_deaths",
            $"$1 * power(2, least(i.attempts - 1, {RescueBackoff.MaxDoublings})) * (1 + random() * 0.5)",
            "lease expired on attempt %s of %s (worker %s lost)",
            "lease expired, worker %s lost"));
        return await RescueAsync(command.With(backoff.TotalSeconds), ct).ConfigureAwait(false);
    }

    public async Task<RescueResult> RescueLeasesOfAsync(string workerId, TimeSpan backoff, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(RescueSql(
            "lease_owner = $2",
            "CASE WHEN started_at IS NULL THEN attempts - 1 ELSE attempts END",
            "i.worker_deaths + 1",
            "$1 * (1 + random() * 0.5)",
            "worker %3$s declared dead on attempt %1$s of %2$s",
            "worker %s declared dead"));
        return await RescueAsync(command.With(backoff.TotalSeconds).With(workerId), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The leased items matching <paramref name="which"/> back to pending after <paramref name="delay"/> (seconds, SQL),
    /// or to error once their attempts (as <paramref name="attempts"/> counts them) reached the run's max_attempts; each
    /// with a log line. $1 is the backoff in seconds.
    /// </summary>
    private static string RescueSql(string which, string attempts, string workerDeaths, string delay, string exhaustedError, string lostWorker) => $"""
        WITH lost AS (
            SELECT run_id, key, attempts AS held_attempt, {attempts} AS attempts FROM items
            WHERE state = 'leased' AND {which}
            FOR UPDATE SKIP LOCKED),
        rescued AS (
            UPDATE items i SET
                attempts = l.attempts,
                worker_deaths = {workerDeaths},
                state = CASE WHEN l.attempts >= r.max_attempts THEN 'error' ELSE 'pending' END,
                not_before = CASE WHEN l.attempts >= r.max_attempts THEN i.not_before
                    ELSE now() + make_interval(secs => {delay}) END,
                error = CASE WHEN l.attempts >= r.max_attempts
                    THEN format('{exhaustedError}', l.attempts, r.max_attempts, i.lease_owner)
                    ELSE i.error END,
                finished_at = CASE WHEN l.attempts >= r.max_attempts THEN now() END,
                lease_token = NULL, lease_until = NULL, updated_at = now()
            FROM runs r, lost l
            WHERE r.id = i.run_id AND i.run_id = l.run_id AND i.key = l.key AND i.state = 'leased'
            RETURNING i.run_id, i.key, i.attempts, l.held_attempt, i.state, i.lease_owner, i.not_before),
        logged AS (
            INSERT INTO item_log (run_id, key, attempt, level, message, worker)
            SELECT run_id, key, held_attempt, 'warning',
                CASE WHEN state = 'error'
                    THEN format('{lostWorker}; attempts exhausted (%s), item failed', lease_owner, attempts)
                    ELSE format('{lostWorker}; retry after %s', lease_owner, not_before) END,
                lease_owner
            FROM rescued)
        SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'error') FROM rescued
        """;

    private static async Task<RescueResult> RescueAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var (requeued, failed) = (await ReadAllAsync(command, r => ((int)r.GetInt64(0), (int)r.GetInt64(1)), ct)
            .ConfigureAwait(false)).Single();
        return new RescueResult(requeued, failed);
    }

    public async Task<int> ExpireLeasesAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "UPDATE items SET lease_until = now() - interval '1 microsecond', updated_at = now() WHERE state = 'leased'");
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LeaseHolder>> LeaseHoldersAsync(long runId, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT i.lease_owner, count(*), max(i.lease_until), w.heartbeat_at
            FROM items i LEFT JOIN workers w ON w.id = i.lease_owner
            WHERE i.run_id = $1 AND i.state = 'leased'
            GROUP BY i.lease_owner, w.heartbeat_at
            ORDER BY i.lease_owner
            """);
        return await ReadAllAsync(command.With(runId), r => new LeaseHolder(r.GetString(0), (int)r.GetInt64(1),
            r.GetFieldValue<DateTimeOffset>(2), r.IsDBNull(3) ? null : r.GetFieldValue<DateTimeOffset>(3)), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> LeaseOwnersAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT DISTINCT lease_owner FROM items WHERE state = 'leased' AND lease_owner IS NOT NULL");
        return await ReadAllAsync(command, r => r.GetString(0), ct).ConfigureAwait(false);
    }
}
