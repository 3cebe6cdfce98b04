using System.Data;
using Cluster.Core.Work;
using Npgsql;
using static Cluster.Storage.Postgres.PostgresRows;

namespace Cluster.Storage.Postgres;

/// <summary>Monitoring counts, read in one repeatable-read transaction so the numbers agree with each other.</summary>
public sealed partial class PostgresWorkStore : IWorkStatistics
{
    public async Task<WorkStatistics> StatisticsAsync(TimeSpan workerAliveWithin, CancellationToken ct = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        NpgsqlCommand Query(string sql) => new(sql, connection, transaction);

        await using var items = Query("SELECT r.kind, i.state, count(*) FROM items i JOIN runs r ON r.id = i.run_id GROUP BY 1, 2 ORDER BY 1, 2");
        var itemCounts = await ReadAllAsync(items, r => (r.GetString(0), StateText.ParseItemState(r.GetString(1)), r.GetInt64(2)), ct)
            .ConfigureAwait(false);
        await using var transitions = Query(
            "SELECT kind, transition, count(*) FROM item_transitions WHERE transition IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2");
        var transitionCounts = await ReadAllAsync(transitions, r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), ct).ConfigureAwait(false);
        await using var runs = Query("SELECT state, count(*) FROM runs GROUP BY 1 ORDER BY 1");
        var runCounts = await ReadAllAsync(runs, r => (StateText.ParseRunState(r.GetString(0)), r.GetInt64(1)), ct).ConfigureAwait(false);
        await using var queue = Query("SELECT pending, leased FROM queue_depth");
        var (pending, leased) = (await ReadAllAsync(queue, r => (r.GetInt64(0), r.GetInt64(1)), ct).ConfigureAwait(false)).Single();
        await using var workers = Query("SELECT count(*), coalesce(sum(slots), 0) FROM workers WHERE heartbeat_at > now() - $1");
        workers.Parameters.Add(new NpgsqlParameter { Value = workerAliveWithin });
        var (live, slots) = (await ReadAllAsync(workers, r => ((int)r.GetInt64(0), (int)r.GetInt64(1)), ct).ConfigureAwait(false)).Single();
        await using var bytes = Query("""
            SELECT r.kind, sum(a.size)::bigint FROM artifacts a JOIN runs r ON r.id = a.run_id
            WHERE a.item_key <> '' GROUP BY 1 ORDER BY 1
            """);
        var artifactBytes = await ReadAllAsync(bytes, r => (r.GetString(0), r.GetInt64(1)), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new WorkStatistics(itemCounts, transitionCounts, runCounts, pending, leased, live, slots, artifactBytes);
    }
}
