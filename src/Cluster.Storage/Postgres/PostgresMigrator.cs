using Npgsql;

namespace Cluster.Storage.Postgres;

/// <summary>
/// Applies the embedded PostgreSQL migrations in one transaction that first takes a transaction-scoped advisory
/// lock, so orchestrators starting together apply each version exactly once (the others wait, then find it recorded).
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>Arbitrary constant naming "cluster schema migrations" in the advisory-lock key space.</summary>
    private const long MigrationLockKey = 0x636c_7573_6d69_67; // "clusmig"

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var scripts = MigrationScript.Load("Postgres");
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            await lockCommand.With(MigrationLockKey).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));
        }

        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            try
            {
                await using var apply = new NpgsqlCommand(script.Sql, connection, transaction);
                await apply.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e)
            {
                throw new InvalidOperationException($"migration {script.Version:D4}_{script.Name} failed: {e.MessageText}", e);
            }
            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection, transaction);
            await record.With(script.Version).With(script.Name).ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }
}
