using Cluster.Core.Work;

namespace Cluster.Storage.Sqlite;

/// <summary>Worker registry.</summary>
public sealed partial class SqliteWorkStore
{
    public async Task RegisterWorkerAsync(string workerId, string host, int processId, int slots, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            INSERT INTO workers (id, host, process_id, slots, started_at, heartbeat_at) VALUES ($id, $host, $pid, $slots, $now, $now)
            ON CONFLICT (id) DO UPDATE SET host = excluded.host, process_id = excluded.process_id, slots = excluded.slots,
                started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at
            """);
        await command.With("$id", workerId).With("$host", host).With("$pid", processId).With("$slots", slots)
            .With("$now", StoreClock.NowMicros()).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task RemoveWorkerAsync(string workerId, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, "DELETE FROM workers WHERE id = $id");
        await command.With("$id", workerId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(TimeSpan aliveWithin, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT w.id, w.host, w.process_id, w.slots, w.started_at, w.heartbeat_at,
                (SELECT count(*) FROM items i WHERE i.state = 'leased' AND i.lease_owner = w.id)
            FROM workers w WHERE w.heartbeat_at > $since
            ORDER BY w.id
            """);
        return await command.With("$since", StoreClock.NowMicros() - StoreClock.Micros(aliveWithin))
            .ReadAllAsync(r => new WorkerInfo(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3),
                StoreClock.ToTime(r.GetInt64(4)), StoreClock.ToTime(r.GetInt64(5)), r.GetInt32(6)), ct).ConfigureAwait(false);
    }
}
