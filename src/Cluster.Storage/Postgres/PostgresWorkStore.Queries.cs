using Cluster.Core.Work;
using NpgsqlTypes;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>Read side: items, logs, progress, artifacts.</summary>
public sealed partial class PostgresWorkStore
{
    public async Task<IReadOnlyList<ItemInfo>> ListItemsAsync(long runId, ItemState? state, string? search, int offset,
        int limit, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT key, idx, state, attempts, error, lease_owner, finished_at FROM items
            WHERE run_id = $1 AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR strpos(key, $3) > 0)
            ORDER BY idx, key OFFSET $4 LIMIT $5
            """);
        command.With(runId).With(state?.Text(), NpgsqlDbType.Text).With(search, NpgsqlDbType.Text).With(offset).With(limit);
        return await ReadAllAsync(command, r => new ItemInfo(r.GetString(0), r.GetInt64(1),
            StateText.ParseItemState(r.GetString(2)), r.GetInt32(3), NullableString(r, 4), NullableString(r, 5),
            NullableTime(r, 6)), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ItemLogEntry>> ItemLogAsync(long runId, string key, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT at, attempt, level, message, worker FROM item_log WHERE run_id = $1 AND key = $2 ORDER BY id");
        return await ReadAllAsync(command.With(runId).With(key), r => new ItemLogEntry(
            r.GetFieldValue<DateTimeOffset>(0), r.GetInt32(1), r.GetString(2), r.GetString(3), NullableString(r, 4)), ct)
            .ConfigureAwait(false);
    }

    public async Task AppendLogAsync(long runId, string key, int attempt, string level, string message, string? worker,
        CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand(
            "INSERT INTO item_log (run_id, key, attempt, level, message, worker) VALUES ($1, $2, $3, $4, $5, $6)");
        command.With(runId).With(key).With(attempt).With(level).With(message).With(worker, NpgsqlDbType.Text);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ProgressDocument> ProgressAsync(long runId, CancellationToken ct = default)
    {
        // finished_at to the microsecond orders "most recently completed"; index breaks exact ties.
        await using var command = _dataSource.CreateCommand("""
            SELECT key, idx, state, (extract(epoch FROM finished_at) * 1000000)::bigint FROM items
            WHERE run_id = $1 AND state IN ('done', 'error', 'no_data') AND finished_at IS NOT NULL
            ORDER BY idx, key
            """);
        var rows = await ReadAllAsync(command.With(runId), r => new ProgressRow(r.GetString(0), r.GetInt64(1),
            StateText.ParseItemState(r.GetString(2)), r.GetInt64(3)), ct).ConfigureAwait(false);
        return ProgressRow.ToDocument(rows);
    }

    public async Task<IReadOnlyList<RunArtifact>> ArtifactsAsync(long runId, string? itemKey, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT item_key, name, media_type, size, sha256, store_key FROM artifacts
            WHERE run_id = $1 AND ($2::text IS NULL OR item_key = $2)
            ORDER BY item_key, name
            """);
        return await ReadAllAsync(command.With(runId).With(itemKey, NpgsqlDbType.Text), r => new RunArtifact(r.GetString(0),
            new ArtifactRecord(r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5))), ct)
            .ConfigureAwait(false);
    }

    public async Task PutRunArtifactAsync(long runId, ArtifactRecord artifact, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO artifacts (run_id, item_key, name, media_type, size, sha256, store_key)
            VALUES ($1, '', $2, $3, $4, $5, $6)
            ON CONFLICT (run_id, item_key, name) DO UPDATE SET media_type = excluded.media_type, size = excluded.size,
                sha256 = excluded.sha256, store_key = excluded.store_key, created_at = now()
            """);
        command.With(runId).With(artifact.Name).With(artifact.MediaType).With(artifact.Size).With(artifact.Sha256)
            .With(artifact.StoreKey);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
