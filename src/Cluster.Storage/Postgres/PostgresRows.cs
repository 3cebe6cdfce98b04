using Cluster.Core.Work;
using Npgsql;

namespace Cluster.Storage.Postgres;

/// <summary>Row shapes shared by the store's queries: the SELECT list and the reader that goes with it.</summary>
internal static class PostgresRows
{
    public const string RunColumns = """
        r.id, r.name, r.kind, r.state, r.priority, r.max_attempts, r.lease_seconds, r.spec, r.sample,
        r.created_at, r.started_at, r.finished_at,
        c.pending, c.leased, c.done, c.error, c.no_data, c.cancelled
        FROM runs r CROSS JOIN LATERAL (
            SELECT count(*) FILTER (WHERE i.state = 'pending')   AS pending,
                   count(*) FILTER (WHERE i.state = 'leased')    AS leased,
                   count(*) FILTER (WHERE i.state = 'done')      AS done,
                   count(*) FILTER (WHERE i.state = 'error')     AS error,
                   count(*) FILTER (WHERE i.state = 'no_data')   AS no_data,
                   count(*) FILTER (WHERE i.state = 'cancelled') AS cancelled
            FROM items i WHERE i.run_id = r.id) c
        """;

    public static RunInfo Run(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), StateText.ParseRunState(r.GetString(3)),
        r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetString(7), NullableString(r, 8),
        r.GetFieldValue<DateTimeOffset>(9), NullableTime(r, 10), NullableTime(r, 11),
        new ItemCounts(r.GetInt64(12), r.GetInt64(13), r.GetInt64(14), r.GetInt64(15), r.GetInt64(16), r.GetInt64(17)));

    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(map(reader));
        return rows;
    }

    public static string? NullableString(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateTimeOffset? NullableTime(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
