using Cluster.Core.Work;
using Npgsql;
using NpgsqlTypes;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>Watches, their runs and the settle logic of watched files.</summary>
public sealed partial class PostgresWorkStore
{
    private const string WatchColumns = """
        w.name, w.source, w.pattern, w.settle_seconds, r.kind, w.spec, w.created_at,
        (SELECT count(*) FROM watch_files f WHERE f.watch_name = w.name),
        (SELECT coalesce(sum(f.version), 0) FROM watch_files f WHERE f.watch_name = w.name)
        FROM watches w JOIN runs r ON r.name = w.name
        """;

    private static WatchInfo Watch(NpgsqlDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
        r.GetString(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6), r.GetInt64(7), r.GetInt64(8));

    public async Task<WatchInfo> AddWatchAsync(WatchDefinition watch, CancellationToken ct = default)
    {
        WatchArguments.Require(watch);
        await using (var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            await using var insert = new NpgsqlCommand("""
                WITH watch AS (
                    INSERT INTO watches (name, source, pattern, spec, settle_seconds) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (name) DO NOTHING RETURNING name)
                INSERT INTO runs (name, kind, state, priority, max_attempts, lease_seconds, spec, sample, expanded, started_at)
                SELECT name, $6, 'running', $7, $8, $9, $4, $10, true, now() FROM watch
                ON CONFLICT (name) DO NOTHING
                RETURNING id
                """, connection, transaction);
            insert.With(watch.Name).With(watch.Source).With(watch.Pattern).With(watch.SpecJson).With(watch.SettleSeconds)
                .With(watch.Kind).With(watch.Priority).With(watch.MaxAttempts).With(watch.LeaseSeconds)
                .With(watch.Sample, NpgsqlDbType.Text);
            if (await insert.ExecuteScalarAsync(ct).ConfigureAwait(false) is not long)
            {
                // Either the watch or the run name was taken; the transaction is rolled back with the dispose.
                throw WatchArguments.NameTaken(watch.Name);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return (await ListWatchesAsync(ct).ConfigureAwait(false)).Single(w => w.Name == watch.Name);
    }

    public async Task<IReadOnlyList<WatchInfo>> ListWatchesAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {WatchColumns} ORDER BY w.name");
        return await ReadAllAsync(command, Watch, ct).ConfigureAwait(false);
    }

    public async Task<bool> RemoveWatchAsync(string name, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM watches WHERE name = $1");
        return await command.With(name).ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<ObservationResult> RecordObservationAsync(string watch, FileObservation file, CancellationToken ct = default)
    {
        ObservationResult result;
        await using (var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            // Insert-or-update under the row lock; "settled" is judged on the row as it is after this observation.
            await using var observe = new NpgsqlCommand("""
                INSERT INTO watch_files AS f (watch_name, path, size, mtime_or_etag, version, unchanged_since)
                SELECT w.name, $2, $3, $4, 0, now() FROM watches w WHERE w.name = $1
                ON CONFLICT (watch_name, path) DO UPDATE SET
                    unchanged_since = CASE WHEN f.size = excluded.size AND f.mtime_or_etag = excluded.mtime_or_etag
                                           THEN f.unchanged_since ELSE now() END,
                    size = excluded.size, mtime_or_etag = excluded.mtime_or_etag, seen_at = now()
                RETURNING f.version,
                    f.enqueued_size IS NOT DISTINCT FROM f.size AND f.enqueued_mtime_or_etag IS NOT DISTINCT FROM f.mtime_or_etag,
                    f.unchanged_since = now(),
                    f.unchanged_since <= now() - make_interval(secs => (SELECT settle_seconds FROM watches WHERE name = $1))
                """, connection, transaction);
            observe.With(watch).With(file.RelativePath).With(file.Size).With(file.Stamp);
            await using (var reader = await observe.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    return new ObservationResult(ObservationOutcome.NoSuchWatch, 0, null);
                var version = reader.GetInt32(0);
                result = reader.GetBoolean(1) ? new ObservationResult(ObservationOutcome.UpToDate, version, null)
                    : !reader.GetBoolean(3) ? new ObservationResult(
                        reader.GetBoolean(2) ? ObservationOutcome.Settling : ObservationOutcome.StillSettling, version, null)
                    : new ObservationResult(ObservationOutcome.Enqueued, version + 1, ObservationResult.KeyOf(file.RelativePath, version + 1));
            }
            if (result.Outcome == ObservationOutcome.Enqueued)
                await EnqueueVersionAsync(connection, transaction, watch, file, result, ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>The version bump and its item, in the observation's transaction; the item goes in cancelled when the user cancelled the run.</summary>
    private static async Task EnqueueVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string watch,
        FileObservation file, ObservationResult result, CancellationToken ct)
    {
        await using var enqueue = new NpgsqlCommand("""
            WITH bumped AS (
                UPDATE watch_files SET version = $3, enqueued_size = size, enqueued_mtime_or_etag = mtime_or_etag
                WHERE watch_name = $1 AND path = $2),
            run AS (
                SELECT id, priority, CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE 'pending' END AS item_state
                FROM runs WHERE name = $1 FOR UPDATE),
            added AS (
                INSERT INTO items (run_id, key, idx, input, state, priority)
                SELECT run.id, $4, coalesce((SELECT max(i.idx) + 1 FROM items i WHERE i.run_id = run.id), 0), $5,
                    run.item_state, run.priority
                FROM run
                ON CONFLICT (run_id, key) DO NOTHING
                RETURNING run_id)
            UPDATE runs SET state = 'running', finished_at = NULL, started_at = coalesce(started_at, now())
            WHERE id IN (SELECT run_id FROM added) AND state <> 'cancelled'
            """, connection, transaction);
        await enqueue.With(watch).With(file.RelativePath).With(result.Version).With(result.ItemKey!).With(file.Input)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
