using Cluster.Core.Work;
using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

/// <summary>Read side: items, logs, progress, artifacts.</summary>
public sealed partial class SqliteWorkStore
{
    public async Task<IReadOnlyList<ItemInfo>> ListItemsAsync(long runId, ItemState? state, string? search, int offset,
        int limit, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT key, idx, state, attempts, error, lease_owner, finished_at FROM items
            WHERE run_id = $run AND ($state IS NULL OR state = $state) AND ($search IS NULL OR instr(key, $search) > 0)
            ORDER BY idx, key LIMIT $limit OFFSET $offset
            """);
        command.With("$run", runId).With("$state", state?.Text()).With("$search", search).With("$offset", offset)
            .With("$limit", limit);
        return await command.ReadAllAsync(r => new ItemInfo(r.GetString(0), r.GetInt64(1),
            StateText.ParseItemState(r.GetString(2)), r.GetInt32(3), r.NullableString(4), r.NullableString(5),
            r.NullableTime(6)), ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ItemLogEntry>> ItemLogAsync(long runId, string key, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "SELECT at, attempt, level, message, worker FROM item_log WHERE run_id = $run AND key = $key ORDER BY id");
        return await command.With("$run", runId).With("$key", key).ReadAllAsync(r => new ItemLogEntry(
            StoreClock.ToTime(r.GetInt64(0)), r.GetInt32(1), r.GetString(2), r.GetString(3), r.NullableString(4)), ct)
            .ConfigureAwait(false);
    }

    public async Task AppendLogAsync(long runId, string key, int attempt, string level, string message, string? worker,
        CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await AppendLogAsync(connection, null, runId, key, attempt, level, message, worker, StoreClock.NowMicros(), ct)
            .ConfigureAwait(false);
    }

    private static async Task AppendLogAsync(SqliteConnection connection, SqliteTransaction? transaction, long runId,
        string key, int attempt, string level, string message, string? worker, long now, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO item_log (run_id, key, at, attempt, level, message, worker)
            VALUES ($run, $key, $at, $attempt, $level, $message, $worker)
            """);
        await command.With("$run", runId).With("$key", key).With("$at", now).With("$attempt", attempt).With("$level", level)
            .With("$message", message).With("$worker", worker).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<ProgressDocument> ProgressAsync(long runId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT key, idx, state, finished_at FROM items
            WHERE run_id = $run AND state IN ('done', 'error', 'no_data') AND finished_at IS NOT NULL
            ORDER BY idx, key
            """);
        var rows = await command.With("$run", runId).ReadAllAsync(r => new ProgressRow(r.GetString(0), r.GetInt64(1),
            StateText.ParseItemState(r.GetString(2)), r.GetInt64(3)), ct).ConfigureAwait(false);
        return ProgressRow.ToDocument(rows);
    }

    public async Task<IReadOnlyList<RunArtifact>> ArtifactsAsync(long runId, string? itemKey, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT item_key, name, media_type, size, sha256, store_key FROM artifacts
            WHERE run_id = $run AND ($key IS NULL OR item_key = $key)
            ORDER BY item_key, name
            """);
        return await command.With("$run", runId).With("$key", itemKey).ReadAllAsync(r => new RunArtifact(r.GetString(0),
            new ArtifactRecord(r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetString(4), r.GetString(5))), ct)
            .ConfigureAwait(false);
    }

    public async Task PutRunArtifactAsync(long runId, ArtifactRecord artifact, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await PutArtifactAsync(connection, null, runId, "", artifact, StoreClock.NowMicros(), ct).ConfigureAwait(false);
    }

    /// <summary>One row per (run, item, name): a repeated record replaces the earlier one.</summary>
    private static async Task PutArtifactAsync(SqliteConnection connection, SqliteTransaction? transaction, long runId,
        string itemKey, ArtifactRecord artifact, long now, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO artifacts (run_id, item_key, name, media_type, size, sha256, store_key, created_at)
            VALUES ($run, $item, $name, $media, $size, $sha, $store, $now)
            ON CONFLICT (run_id, item_key, name) DO UPDATE SET media_type = excluded.media_type, size = excluded.size,
                sha256 = excluded.sha256, store_key = excluded.store_key, created_at = excluded.created_at
            """);
        await command.With("$run", runId).With("$item", itemKey).With("$name", artifact.Name).With("$media", artifact.MediaType)
            .With("$size", artifact.Size).With("$sha", artifact.Sha256).With("$store", artifact.StoreKey).With("$now", now)
            .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
