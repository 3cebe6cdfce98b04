using Cluster.Core.Work;
using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

/// <summary>
/// The embedded-mode work store: one SQLite file in WAL mode used by one process. Writes run under BEGIN IMMEDIATE
/// (the database's single writer lock, waited for with busy_timeout), so each transition is atomic and guarded
/// exactly like the PostgreSQL statements. Times are UTC unix microseconds from <see cref="StoreClock"/>.
/// Runs: this file. Item protocol, queries and workers: the other partial files.
/// </summary>
public sealed partial class SqliteWorkStore : IWorkStore
{
    private const string RunColumns = """
        r.id, r.name, r.kind, r.state, r.priority, r.max_attempts, r.lease_seconds, r.spec, r.sample,
        r.created_at, r.started_at, r.finished_at,
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'pending'),
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'leased'),
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'done'),
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'error'),
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'no_data'),
        (SELECT count(*) FROM items i WHERE i.run_id = r.id AND i.state = 'cancelled')
        FROM runs r
        """;

    private readonly string _connectionString;

    public SqliteWorkStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await SqliteMigrator.MigrateAsync(connection, ct).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be deleted or copied.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL";
            await pragmas.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"work store {DatabasePath}: cannot open: {e.Message}", e);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static RunInfo ReadRun(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), StateText.ParseRunState(r.GetString(3)),
        r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetString(7), r.NullableString(8),
        StoreClock.ToTime(r.GetInt64(9)), r.NullableTime(10), r.NullableTime(11),
        new ItemCounts(r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17)));

    public async Task<SubmitResult> SubmitAsync(RunSubmission submission, CancellationToken ct = default)
    {
        TransitionArguments.RequireSubmission(submission);
        var now = StoreClock.NowMicros();
        long runId;
        SubmitOutcome outcome;
        var requeued = 0;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var find = Command(connection, transaction, "SELECT id, kind FROM runs WHERE name = $name");
            var existing = (await find.With("$name", submission.Name)
                .ReadAllAsync(r => (Id: r.GetInt64(0), Kind: r.GetString(1)), ct).ConfigureAwait(false)).SingleOrDefault();
            if (existing.Kind is null)
            {
                await using var insert = Command(connection, transaction, """
                    INSERT INTO runs (name, kind, state, priority, max_attempts, lease_seconds, spec, sample, created_at)
                    VALUES ($name, $kind, 'pending', $priority, $max, $lease, $spec, $sample, $now)
                    RETURNING id
                    """);
                runId = await WithSubmission(insert, submission).With("$now", now).ScalarInt64Async(ct).ConfigureAwait(false);
                outcome = SubmitOutcome.Created;
            }
            else
            {
                if (existing.Kind != submission.Kind)
                    throw TransitionArguments.KindMismatch(submission.Name, existing.Kind, submission.Kind);
                runId = existing.Id;
                outcome = submission.IgnoreProgress ? SubmitOutcome.Restarted : SubmitOutcome.Resumed;
                requeued = await ResetForResubmitAsync(connection, transaction, runId, submission, now, ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        var run = await GetRunAsync(runId, ct).ConfigureAwait(false) ?? throw TransitionArguments.NoSuchRun(runId);
        return new SubmitResult(run, outcome, requeued);
    }

    private static SqliteCommand WithSubmission(SqliteCommand command, RunSubmission s) =>
        command.With("$name", s.Name).With("$kind", s.Kind).With("$priority", s.Priority).With("$max", s.MaxAttempts)
            .With("$lease", s.LeaseSeconds).With("$spec", s.SpecJson).With("$sample", s.Sample);

    private static async Task<int> ResetForResubmitAsync(SqliteConnection connection, SqliteTransaction transaction,
        long runId, RunSubmission submission, long now, CancellationToken ct)
    {
        int count;
        if (submission.IgnoreProgress)
        {
            await using var artifacts = Command(connection, transaction, "DELETE FROM artifacts WHERE run_id = $run AND item_key <> ''");
            await artifacts.With("$run", runId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await using var items = Command(connection, transaction, "DELETE FROM items WHERE run_id = $run");
            count = await items.With("$run", runId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await using var items = Command(connection, transaction, """
                UPDATE items SET state = 'pending', attempts = 0, error = NULL, not_before = 0, lease_owner = NULL,
                    finished_at = NULL, updated_at = $now
                WHERE run_id = $run AND state IN ('error', 'no_data', 'cancelled')
                """);
            count = await items.With("$run", runId).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var update = Command(connection, transaction, """
            UPDATE items SET priority = $priority WHERE run_id = $id AND priority <> $priority;
            UPDATE runs SET state = 'pending', expanded = 0, finished_at = NULL, kind = $kind,
                priority = $priority, max_attempts = $max, lease_seconds = $lease, spec = $spec, sample = $sample
            WHERE id = $id AND name = $name
            """);
        await WithSubmission(update, submission).With("$id", runId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return count;
    }

    public async Task<RunInfo?> GetRunAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {RunColumns} WHERE r.name = $name");
        return (await command.With("$name", name).ReadAllAsync(ReadRun, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<RunInfo?> GetRunAsync(long id, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {RunColumns} WHERE r.id = $id");
        return (await command.With("$id", id).ReadAllAsync(ReadRun, ct).ConfigureAwait(false)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<RunInfo>> ListRunsAsync(RunQuery query, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT {RunColumns}
            WHERE ($state IS NULL OR r.state = $state) AND ($kind IS NULL OR r.kind = $kind)
              AND ($sample IS NULL OR r.sample = $sample)
              AND ($since IS NULL OR r.created_at >= $since) AND ($until IS NULL OR r.created_at < $until)
            ORDER BY r.created_at DESC, r.id DESC
            LIMIT $limit
            """);
        command.With("$state", query.State?.Text()).With("$kind", query.Kind).With("$sample", query.Sample)
            .With("$since", query.Since is { } since ? StoreClock.Micros(since - DateTimeOffset.UnixEpoch) : null)
            .With("$until", query.Until is { } until ? StoreClock.Micros(until - DateTimeOffset.UnixEpoch) : null)
            .With("$limit", query.Limit);
        return await command.ReadAllAsync(ReadRun, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunInfo>> RunsAwaitingExpansionAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT {RunColumns} WHERE NOT r.expanded AND r.state = 'pending' ORDER BY r.id");
        return await command.ReadAllAsync(ReadRun, ct).ConfigureAwait(false);
    }

    /// <summary>Into a cancelled run items go in cancelled, so they are not claimed and a later resume requeues them.</summary>
    public async Task<int> ExpandAsync(long runId, IReadOnlyList<NewItem> items, CancellationToken ct = default)
    {
        TransitionArguments.RequireUniqueKeys(runId, items);
        var now = StoreClock.NowMicros();
        var added = 0;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var find = Command(connection, transaction, "SELECT state, priority FROM runs WHERE id = $id");
            var run = (await find.With("$id", runId).ReadAllAsync(r => (State: r.GetString(0), Priority: r.GetInt32(1)), ct)
                .ConfigureAwait(false)).SingleOrDefault();
            if (run.State is null)
                throw TransitionArguments.NoSuchRun(runId);
            var itemState = run.State == RunState.Cancelled.Text() ? ItemState.Cancelled : ItemState.Pending;

            await using var insert = Command(connection, transaction, """
                INSERT INTO items (run_id, key, idx, input, state, priority, updated_at)
                VALUES ($run, $key, $idx, $input, $state, $priority, $now)
                ON CONFLICT (run_id, key) DO NOTHING
                """);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
            var input = insert.Parameters.Add("$input", SqliteType.Text);
            insert.With("$run", runId).With("$state", itemState.Text()).With("$priority", run.Priority).With("$now", now);
            insert.Prepare();
            for (var i = 0; i < items.Count; i++)
            {
                key.Value = items[i].Key;
                idx.Value = i;
                input.Value = items[i].Input;
                added += await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using var mark = Command(connection, transaction, """
                UPDATE runs SET expanded = 1,
                    state = CASE WHEN state = 'cancelled' THEN state ELSE 'running' END,
                    finished_at = CASE WHEN state = 'cancelled' THEN finished_at END,
                    started_at = coalesce(started_at, $now)
                WHERE id = $id
                """);
            await mark.With("$id", runId).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return added;
    }

    public async Task FailExpansionAsync(long runId, string reason, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var fail = Command(connection, transaction, """
            UPDATE runs SET state = CASE WHEN state = 'cancelled' THEN state ELSE 'failed' END,
                finished_at = coalesce(finished_at, $now)
            WHERE id = $id
            """);
        if (await fail.With("$id", runId).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            throw TransitionArguments.NoSuchRun(runId);
        await AppendLogAsync(connection, transaction, runId, "", 0, "error", $"expansion failed: {reason}", null, now, ct)
            .ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<bool> CancelAsync(string name, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var cancel = Command(connection, transaction, """
            UPDATE runs SET state = 'cancelled', finished_at = $now
            WHERE name = $name AND state IN ('pending', 'running')
            RETURNING id
            """);
        var ids = await cancel.With("$name", name).With("$now", now).ReadAllAsync(r => r.GetInt64(0), ct).ConfigureAwait(false);
        if (ids.Count == 0)
            return false;
        await using var items = Command(connection, transaction,
            "UPDATE items SET state = 'cancelled', updated_at = $now WHERE run_id = $run AND state = 'pending'");
        await items.With("$run", ids[0]).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> ResumeAsync(string name, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var resume = Command(connection, transaction, """
                UPDATE runs SET state = CASE WHEN expanded THEN 'running' ELSE 'pending' END, finished_at = NULL
                WHERE name = $name AND state = 'cancelled'
                RETURNING id
                """);
            var ids = await resume.With("$name", name).ReadAllAsync(r => r.GetInt64(0), ct).ConfigureAwait(false);
            if (ids.Count == 0)
                return false;
            await using var items = Command(connection, transaction,
                "UPDATE items SET state = 'pending', not_before = 0, updated_at = $now WHERE run_id = $run AND state = 'cancelled'");
            await items.With("$run", ids[0]).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return true;
    }

    public async Task<int> RetryFailedAsync(string name, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        int retried;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var retry = Command(connection, transaction, """
                UPDATE items SET state = 'pending', attempts = 0, error = NULL, not_before = 0, finished_at = NULL,
                    updated_at = $now
                WHERE run_id = (SELECT id FROM runs WHERE name = $name) AND state = 'error'
                """);
            retried = await retry.With("$name", name).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            if (retried > 0)
            {
                await using var reopen = Command(connection, transaction,
                    "UPDATE runs SET state = 'running', finished_at = NULL WHERE name = $name");
                await reopen.With("$name", name).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return retried;
    }

    public async Task<IReadOnlyList<RunInfo>> FinalizeRunsAsync(CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        IReadOnlyList<long> ids;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var finalize = Command(connection, transaction, """
                UPDATE runs SET finished_at = $now, state = CASE
                        WHEN NOT EXISTS (SELECT 1 FROM items i WHERE i.run_id = runs.id AND i.state = 'error') THEN 'succeeded'
                        WHEN NOT EXISTS (SELECT 1 FROM items i WHERE i.run_id = runs.id AND i.state IN ('done', 'no_data')) THEN 'failed'
                        ELSE 'completed_with_errors' END
                WHERE state = 'running' AND expanded
                  AND NOT EXISTS (SELECT 1 FROM items i WHERE i.run_id = runs.id AND i.state IN ('pending', 'leased'))
                  AND NOT EXISTS (SELECT 1 FROM watches w WHERE w.name = runs.name)
                RETURNING id
                """);
            ids = await finalize.With("$now", now).ReadAllAsync(r => r.GetInt64(0), ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        var runs = new List<RunInfo>(ids.Count);
        foreach (var id in ids.Order())
            runs.Add(await GetRunAsync(id, ct).ConfigureAwait(false) ?? throw TransitionArguments.NoSuchRun(id));
        return runs;
    }
}
