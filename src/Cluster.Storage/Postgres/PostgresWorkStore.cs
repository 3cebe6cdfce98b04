using Cluster.Core.Work;
using Npgsql;
using NpgsqlTypes;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>
/// The cluster's work store. Every transition is one SQL statement (data-modifying CTEs carry the artifact and log
/// rows along) guarded by the expected state and, for leased items, the lease token. Nothing here waits for work:
/// the scheduler grain hands claimed batches to the workers.
/// Runs: this file. Item protocol, queries and workers: the other partial files.
/// </summary>
public sealed partial class PostgresWorkStore : IWorkStore
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresWorkStore(string connectionString)
    {
        // The protocol statements repeat thousands of times per second: let Npgsql prepare them (parse/plan once).
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 32;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public Task MigrateAsync(CancellationToken ct = default) => PostgresMigrator.MigrateAsync(_dataSource, ct);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    public async Task<SubmitResult> SubmitAsync(RunSubmission submission, CancellationToken ct = default)
    {
        TransitionArguments.RequireSubmission(submission);
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using var create = new NpgsqlCommand("""
            INSERT INTO runs (name, kind, state, priority, max_attempts, lease_seconds, spec, sample)
            VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7)
            ON CONFLICT (name) DO NOTHING
            RETURNING id
            """, connection, transaction);
        create.With(submission.Name).With(submission.Kind).With(submission.Priority).With(submission.MaxAttempts)
            .With(submission.LeaseSeconds).With(submission.SpecJson).With(submission.Sample, NpgsqlDbType.Text);
        SubmitOutcome outcome;
        long runId;
        var requeued = 0;
        if (await create.ExecuteScalarAsync(ct).ConfigureAwait(false) is long created)
        {
            runId = created;
            outcome = SubmitOutcome.Created;
        }
        else
        {
            (runId, var kind) = await LockRunByNameAsync(connection, transaction, submission.Name, ct).ConfigureAwait(false);
            if (kind != submission.Kind)
                throw TransitionArguments.KindMismatch(submission.Name, kind, submission.Kind);
            outcome = submission.IgnoreProgress ? SubmitOutcome.Restarted : SubmitOutcome.Resumed;
            requeued = await ResetForResubmitAsync(connection, transaction, runId, submission, ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        var run = await GetRunAsync(runId, ct).ConfigureAwait(false)
            ?? throw TransitionArguments.NoSuchRun(runId);
        return new SubmitResult(run, outcome, requeued);
    }

    private static async Task<(long Id, string Kind)> LockRunByNameAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, string name, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand("SELECT id, kind FROM runs WHERE name = $1 FOR UPDATE", connection, transaction);
        await using var reader = await select.With(name).ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
            throw new InvalidOperationException($"submit {name}: the run vanished while being resubmitted");
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>
    /// Resume: error/no_data/cancelled items pending again with attempts reset. Restart: every item and item artifact
    /// removed. Either way the new spec replaces the old one and the run awaits expansion again.
    /// Returns the number of items requeued (resume) or removed (restart).
    /// </summary>
    private static async Task<int> ResetForResubmitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        long runId, RunSubmission submission, CancellationToken ct)
    {
        var resetItems = submission.IgnoreProgress
            ? """
              WITH removed_artifacts AS (DELETE FROM artifacts WHERE run_id = $1 AND item_key <> '')
              DELETE FROM items WHERE run_id = $1
              """
            : """
              UPDATE items SET state = 'pending', attempts = 0, error = NULL, not_before = '-infinity',
                  lease_owner = NULL, finished_at = NULL, priority = $2, updated_at = now()
              WHERE run_id = $1 AND state IN ('error', 'no_data', 'cancelled')
              """;
        int count;
        await using (var reset = new NpgsqlCommand(resetItems, connection, transaction))
        {
            reset.With(runId);
            if (!submission.IgnoreProgress) reset.With(submission.Priority);
            count = await reset.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var update = new NpgsqlCommand("""
            WITH reprioritised AS (UPDATE items SET priority = $2 WHERE run_id = $1 AND priority <> $2)
            UPDATE runs SET state = 'pending', expanded = false, finished_at = NULL,
                priority = $2, max_attempts = $3, lease_seconds = $4, spec = $5, sample = $6
            WHERE id = $1
            """, connection, transaction);
        await update.With(runId).With(submission.Priority).With(submission.MaxAttempts).With(submission.LeaseSeconds)
            .With(submission.SpecJson).With(submission.Sample, NpgsqlDbType.Text).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return count;
    }

    public async Task<RunInfo?> GetRunAsync(string name, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {RunColumns} WHERE r.name = $1");
        return (await ReadAllAsync(command.With(name), Run, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<RunInfo?> GetRunAsync(long id, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {RunColumns} WHERE r.id = $1");
        return (await ReadAllAsync(command.With(id), Run, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<RunInfo>> ListRunsAsync(RunQuery query, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"""
            SELECT {RunColumns}
            WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.kind = $2)
              AND ($3::text IS NULL OR r.sample = $3)
              AND ($4::timestamptz IS NULL OR r.created_at >= $4) AND ($5::timestamptz IS NULL OR r.created_at < $5)
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT $6
            """);
        command.With(query.State?.Text(), NpgsqlDbType.Text).With(query.Kind, NpgsqlDbType.Text)
            .With(query.Sample, NpgsqlDbType.Text).With(query.Since, NpgsqlDbType.TimestampTz)
            .With(query.Until, NpgsqlDbType.TimestampTz).With(query.Limit);
        return await ReadAllAsync(command, Run, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunInfo>> RunsAwaitingExpansionAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {RunColumns} WHERE NOT r.expanded AND r.state = 'pending' ORDER BY r.id");
        return await ReadAllAsync(command, Run, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Items go in through unnest of three arrays (one round trip for 100,000 items). Into a cancelled run they go in
    /// cancelled, so they are not claimed and a later resume requeues them.
    /// </summary>
    public async Task<int> ExpandAsync(long runId, IReadOnlyList<NewItem> items, CancellationToken ct = default)
    {
        TransitionArguments.RequireUniqueKeys(runId, items);
        var keys = new string[items.Count];
        var inputs = new string[items.Count];
        var indexes = new long[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            keys[i] = items[i].Key;
            inputs[i] = items[i].Input;
            indexes[i] = i;
        }
        await using var command = _dataSource.CreateCommand("""
            WITH run AS (
                SELECT id, priority, CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE 'pending' END AS item_state
                FROM runs WHERE id = $1 FOR UPDATE),
            added AS (
                INSERT INTO items (run_id, key, idx, input, state, priority)
                SELECT run.id, t.key, t.idx, t.input, run.item_state, run.priority
                FROM run, unnest($2::text[], $3::text[], $4::bigint[]) AS t(key, input, idx)
                ON CONFLICT (run_id, key) DO NOTHING
                RETURNING 1),
            marked AS (
                UPDATE runs SET expanded = true,
                    state = CASE WHEN state = 'cancelled' THEN state ELSE 'running' END,
                    finished_at = CASE WHEN state = 'cancelled' THEN finished_at END,
                    started_at = coalesce(started_at, now())
                WHERE id = (SELECT id FROM run)
                RETURNING id)
            SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM marked)
            """);
        command.With(runId).With(keys).With(inputs).With(indexes);
        int added;
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            if (reader.GetInt64(1) == 0)
                throw TransitionArguments.NoSuchRun(runId);
            added = (int)reader.GetInt64(0);
        }
        return added;
    }

    public async Task FailExpansionAsync(long runId, string reason, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH failed AS (
                UPDATE runs SET state = CASE WHEN state = 'cancelled' THEN state ELSE 'failed' END,
                    finished_at = coalesce(finished_at, now())
                WHERE id = $1 RETURNING id),
            logged AS (
                INSERT INTO item_log (run_id, key, attempt, level, message)
                SELECT id, '', 0, 'error', 'expansion failed: ' || $2 FROM failed)
            SELECT count(*) FROM failed
            """);
        if ((long)(await command.With(runId).With(reason).ExecuteScalarAsync(ct).ConfigureAwait(false))! == 0)
            throw TransitionArguments.NoSuchRun(runId);
    }

    public async Task<bool> CancelAsync(string name, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH cancelled AS (
                UPDATE runs SET state = 'cancelled', finished_at = now()
                WHERE name = $1 AND state IN ('pending', 'running') RETURNING id),
            items_cancelled AS (
                UPDATE items SET state = 'cancelled', updated_at = now()
                WHERE run_id = (SELECT id FROM cancelled) AND state = 'pending')
            SELECT count(*) FROM cancelled
            """);
        return (long)(await command.With(name).ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
    }

    public async Task<bool> ResumeAsync(string name, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH resumed AS (
                UPDATE runs SET state = CASE WHEN expanded THEN 'running' ELSE 'pending' END, finished_at = NULL
                WHERE name = $1 AND state = 'cancelled' RETURNING id),
            requeued AS (
                UPDATE items SET state = 'pending', not_before = '-infinity', updated_at = now()
                WHERE run_id = (SELECT id FROM resumed) AND state = 'cancelled')
            SELECT count(*) FROM resumed
            """);
        var resumed = (long)(await command.With(name).ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0;
        return resumed;
    }

    public async Task<int> RetryFailedAsync(string name, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH run AS (SELECT id FROM runs WHERE name = $1 FOR UPDATE),
            retried AS (
                UPDATE items SET state = 'pending', attempts = 0, error = NULL, not_before = '-infinity',
                    finished_at = NULL, updated_at = now()
                WHERE run_id = (SELECT id FROM run) AND state = 'error'
                RETURNING 1),
            reopened AS (
                UPDATE runs SET state = 'running', finished_at = NULL
                WHERE id = (SELECT id FROM run) AND EXISTS (SELECT 1 FROM retried))
            SELECT count(*) FROM retried
            """);
        var retried = (int)(long)(await command.With(name).ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        return retried;
    }

    public async Task<IReadOnlyList<RunInfo>> FinalizeRunsAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            WITH quiet AS (
                SELECT r.id FROM runs r
                WHERE r.state = 'running' AND r.expanded
                  AND NOT EXISTS (SELECT 1 FROM items i WHERE i.run_id = r.id AND i.state IN ('pending', 'leased'))
                  AND NOT EXISTS (SELECT 1 FROM watches w WHERE w.name = r.name)
                FOR UPDATE SKIP LOCKED),
            tally AS (
                SELECT q.id,
                       count(i.key) FILTER (WHERE i.state = 'error') AS errors,
                       count(i.key) FILTER (WHERE i.state IN ('done', 'no_data')) AS finished
                FROM quiet q LEFT JOIN items i ON i.run_id = q.id GROUP BY q.id)
            UPDATE runs r SET finished_at = now(), state = CASE
                    WHEN t.errors = 0 THEN 'succeeded'
                    WHEN t.finished = 0 THEN 'failed'
                    ELSE 'completed_with_errors' END
            FROM tally t WHERE r.id = t.id AND r.state = 'running'
            RETURNING r.id
            """);
        var ids = await ReadAllAsync(command, r => r.GetInt64(0), ct).ConfigureAwait(false);
        var runs = new List<RunInfo>(ids.Count);
        foreach (var id in ids.Order())
            runs.Add(await GetRunAsync(id, ct).ConfigureAwait(false) ?? throw TransitionArguments.NoSuchRun(id));
        return runs;
    }
}
