using Cluster.Core.Work;

namespace Cluster.Storage.Sqlite;

/// <summary>Monitoring counts, read in one transaction (one WAL snapshot) so the numbers agree with each other.</summary>
public sealed partial class SqliteWorkStore : IWorkStatistics
{
    public async Task<WorkStatistics> StatisticsAsync(TimeSpan workerAliveWithin, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);

        await using var items = Command(connection, transaction,
            "SELECT r.kind, i.state, count(*) FROM items i JOIN runs r ON r.id = i.run_id GROUP BY 1, 2 ORDER BY 1, 2");
        var itemCounts = await items.ReadAllAsync(r => (r.GetString(0), StateText.ParseItemState(r.GetString(1)), r.GetInt64(2)), ct)
            .ConfigureAwait(false);
        await using var transitions = Command(connection, transaction,
            "SELECT kind, transition, count(*) FROM item_transitions WHERE transition IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2");
        var transitionCounts = await transitions.ReadAllAsync(r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), ct).ConfigureAwait(false);
        await using var runs = Command(connection, transaction, "SELECT state, count(*) FROM runs GROUP BY 1 ORDER BY 1");
        var runCounts = await runs.ReadAllAsync(r => (StateText.ParseRunState(r.GetString(0)), r.GetInt64(1)), ct).ConfigureAwait(false);
        await using var queue = Command(connection, transaction, "SELECT pending, leased FROM queue_depth");
        var (pending, leased) = (await queue.ReadAllAsync(r => (r.GetInt64(0), r.GetInt64(1)), ct).ConfigureAwait(false)).Single();
        await using var workers = Command(connection, transaction,
            "SELECT count(*), coalesce(sum(slots), 0) FROM workers WHERE heartbeat_at > $since");
        var since = StoreClock.NowMicros() - StoreClock.Micros(workerAliveWithin);
        var (live, slots) = (await workers.With("$since", since).ReadAllAsync(r => (r.GetInt32(0), r.GetInt32(1)), ct).ConfigureAwait(false)).Single();
        await using var bytes = Command(connection, transaction, """
            SELECT r.kind, sum(a.size) FROM artifacts a JOIN runs r ON r.id = a.run_id
            WHERE a.item_key <> '' GROUP BY 1 ORDER BY 1
            """);
        var artifactBytes = await bytes.ReadAllAsync(r => (r.GetString(0), r.GetInt64(1)), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new WorkStatistics(itemCounts, transitionCounts, runCounts, pending, leased, live, slots, artifactBytes);
    }
}
