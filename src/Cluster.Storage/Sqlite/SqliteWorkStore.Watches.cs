using Cluster.Core.Work;
using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

/// <summary>Watches, their runs and the settle logic of watched files.</summary>
public sealed partial class SqliteWorkStore
{
    private const string WatchColumns = """
        w.name, w.source, w.pattern, w.settle_seconds, r.kind, w.spec, w.created_at,
        (SELECT count(*) FROM watch_files f WHERE f.watch_name = w.name),
        (SELECT coalesce(sum(f.version), 0) FROM watch_files f WHERE f.watch_name = w.name)
        FROM watches w JOIN runs r ON r.name = w.name
        """;

    private static WatchInfo ReadWatch(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3),
        r.GetString(4), r.GetString(5), StoreClock.ToTime(r.GetInt64(6)), r.GetInt64(7), r.GetInt64(8));

    public async Task<WatchInfo> AddWatchAsync(WatchDefinition watch, CancellationToken ct = default)
    {
        WatchArguments.Require(watch);
        var now = StoreClock.NowMicros();
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var taken = Command(connection, transaction,
                "SELECT (SELECT count(*) FROM watches WHERE name = $name) + (SELECT count(*) FROM runs WHERE name = $name)");
            if (await taken.With("$name", watch.Name).ScalarInt64Async(ct).ConfigureAwait(false) > 0)
                throw WatchArguments.NameTaken(watch.Name);
            await using var insert = Command(connection, transaction, """
                INSERT INTO watches (name, source, pattern, spec, settle_seconds, created_at)
                VALUES ($name, $source, $pattern, $spec, $settle, $now);
                INSERT INTO runs (name, kind, state, priority, max_attempts, lease_seconds, spec, sample, expanded, created_at, started_at)
                VALUES ($name, $kind, 'running', $priority, $max, $lease, $spec, $sample, 1, $now, $now);
                """);
            await insert.With("$name", watch.Name).With("$source", watch.Source).With("$pattern", watch.Pattern)
                .With("$spec", watch.SpecJson).With("$settle", watch.SettleSeconds).With("$kind", watch.Kind)
                .With("$priority", watch.Priority).With("$max", watch.MaxAttempts).With("$lease", watch.LeaseSeconds)
                .With("$sample", watch.Sample).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return (await ListWatchesAsync(ct).ConfigureAwait(false)).Single(w => w.Name == watch.Name);
    }

    public async Task<IReadOnlyList<WatchInfo>> ListWatchesAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {WatchColumns} ORDER BY w.name");
        return await command.ReadAllAsync(ReadWatch, ct).ConfigureAwait(false);
    }

    public async Task<bool> RemoveWatchAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM watches WHERE name = $name");
        return await command.With("$name", name).ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async Task<ObservationResult> RecordObservationAsync(string watch, FileObservation file, CancellationToken ct = default)
    {
        var now = StoreClock.NowMicros();
        ObservationResult result;
        await using (var connection = await OpenAsync(ct).ConfigureAwait(false))
        await using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await using var find = Command(connection, transaction, """
                SELECT w.settle_seconds, f.size, f.mtime_or_etag, f.version, f.unchanged_since, f.enqueued_size, f.enqueued_mtime_or_etag
                FROM watches w LEFT JOIN watch_files f ON f.watch_name = w.name AND f.path = $path
                WHERE w.name = $watch
                """);
            var rows = await find.With("$watch", watch).With("$path", file.RelativePath).ReadAllAsync(r => (
                Settle: r.GetInt64(0), Known: !r.IsDBNull(1), Size: r.IsDBNull(1) ? 0 : r.GetInt64(1), Stamp: r.NullableString(2),
                Version: r.IsDBNull(3) ? 0 : r.GetInt32(3), UnchangedSince: r.IsDBNull(4) ? 0 : r.GetInt64(4),
                EnqueuedSize: r.IsDBNull(5) ? (long?)null : r.GetInt64(5), EnqueuedStamp: r.NullableString(6)), ct).ConfigureAwait(false);
            if (rows.Count == 0)
                return new ObservationResult(ObservationOutcome.NoSuchWatch, 0, null);
            var row = rows[0];
            var changed = !row.Known || row.Size != file.Size || row.Stamp != file.Stamp;
            var unchangedSince = changed ? now : row.UnchangedSince;
            await using (var upsert = Command(connection, transaction, """
                INSERT INTO watch_files (watch_name, path, size, mtime_or_etag, version, seen_at, unchanged_since)
                VALUES ($watch, $path, $size, $stamp, 0, $now, $since)
                ON CONFLICT (watch_name, path) DO UPDATE SET size = excluded.size, mtime_or_etag = excluded.mtime_or_etag,
                    seen_at = excluded.seen_at, unchanged_since = excluded.unchanged_since
                """))
            {
                await upsert.With("$watch", watch).With("$path", file.RelativePath).With("$size", file.Size).With("$stamp", file.Stamp)
                    .With("$now", now).With("$since", unchangedSince).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            if (row.EnqueuedSize == file.Size && row.EnqueuedStamp == file.Stamp)
                result = new ObservationResult(ObservationOutcome.UpToDate, row.Version, null);
            else if (now - unchangedSince < row.Settle * 1_000_000)
                result = new ObservationResult(changed ? ObservationOutcome.Settling : ObservationOutcome.StillSettling, row.Version, null);
            else
            {
                var version = row.Version + 1;
                result = new ObservationResult(ObservationOutcome.Enqueued, version, ObservationResult.KeyOf(file.RelativePath, version));
                await EnqueueVersionAsync(connection, transaction, watch, file, result, now, ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        return result;
    }

    /// <summary>The version bump and its item, in the observation's transaction; the item goes in cancelled when the user cancelled the run.</summary>
    private static async Task EnqueueVersionAsync(SqliteConnection connection, SqliteTransaction transaction, string watch,
        FileObservation file, ObservationResult result, long now, CancellationToken ct)
    {
        await using var enqueue = Command(connection, transaction, """
            UPDATE watch_files SET version = $version, enqueued_size = size, enqueued_mtime_or_etag = mtime_or_etag
            WHERE watch_name = $watch AND path = $path;
            INSERT INTO items (run_id, key, idx, input, state, priority, updated_at)
            SELECT r.id, $key, coalesce((SELECT max(i.idx) + 1 FROM items i WHERE i.run_id = r.id), 0), $input,
                CASE WHEN r.state = 'cancelled' THEN 'cancelled' ELSE 'pending' END, r.priority, $now
            FROM runs r WHERE r.name = $watch
            ON CONFLICT (run_id, key) DO NOTHING;
            UPDATE runs SET state = 'running', finished_at = NULL, started_at = coalesce(started_at, $now)
            WHERE name = $watch AND state <> 'cancelled';
            """);
        await enqueue.With("$version", result.Version).With("$watch", watch).With("$path", file.RelativePath)
            .With("$key", result.ItemKey).With("$input", file.Input).With("$now", now).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
