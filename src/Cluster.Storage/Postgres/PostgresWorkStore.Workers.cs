using Cluster.Core.Work;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>Worker registry.</summary>
public sealed partial class PostgresWorkStore
{
    public async Task RegisterWorkerAsync(string workerId, string host, int processId, int slots, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO workers (id, host, process_id, slots) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET host = excluded.host, process_id = excluded.process_id, slots = excluded.slots,
                started_at = now(), heartbeat_at = now()
            """);
        await command.With(workerId).With(host).With(processId).With(slots).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task RemoveWorkerAsync(string workerId, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM workers WHERE id = $1");
        await command.With(workerId).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(TimeSpan aliveWithin, CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT w.id, w.host, w.process_id, w.slots, w.started_at, w.heartbeat_at,
                (SELECT count(*) FROM items i WHERE i.state = 'leased' AND i.lease_owner = w.id)
            FROM workers w WHERE w.heartbeat_at > now() - $1
            ORDER BY w.id
            """);
        return await ReadAllAsync(command.With(aliveWithin), r => new WorkerInfo(r.GetString(0), r.GetString(1),
            r.GetInt32(2), r.GetInt32(3), r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5),
            (int)r.GetInt64(6)), ct).ConfigureAwait(false);
    }
}
