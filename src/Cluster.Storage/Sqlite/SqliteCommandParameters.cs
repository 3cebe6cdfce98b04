using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

internal static class SqliteCommandParameters
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? NullableString(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static DateTimeOffset? NullableTime(this SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : StoreClock.ToTime(r.GetInt64(i));

    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> map,
        CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(map(reader));
        return rows;
    }

    public static async Task<long> ScalarInt64Async(this SqliteCommand command, CancellationToken ct) =>
        Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false) ?? 0L);
}
