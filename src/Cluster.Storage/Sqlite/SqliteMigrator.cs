using Microsoft.Data.Sqlite;

namespace Cluster.Storage.Sqlite;

/// <summary>Applies the embedded SQLite migrations under BEGIN IMMEDIATE, which serialises concurrent starters.</summary>
internal static class SqliteMigrator
{
    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken ct)
    {
        var scripts = MigrationScript.Load("Sqlite");
        // WAL is a property of the file and cannot be switched inside a transaction.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    applied_at INTEGER NOT NULL)
                """;
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var applied = new HashSet<long>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM schema_migrations";
            foreach (var v in await select.ReadAllAsync(r => r.GetInt64(0), ct).ConfigureAwait(false))
                applied.Add(v);
        }
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = script.Sql;
            try
            {
                await apply.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                throw new InvalidOperationException($"migration {script.Version:D4}_{script.Name} failed: {e.Message}", e);
            }
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $t)";
            await record.With("$v", script.Version).With("$n", script.Name).With("$t", StoreClock.NowMicros())
                .ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
