using Cluster.Core.Work;
using Cluster.Storage.Postgres;
using Cluster.Storage.Sqlite;

namespace Cluster.Storage;

/// <summary>Opens the work store a connection text names, migrated and ready.</summary>
public static class WorkStores
{
    public const string AcceptedForms =
        "postgres://user:password@host:port/database, postgresql://..., an Npgsql string (Host=...;Database=...), " +
        "sqlite:///absolute/path.db, or a path ending in .db or .sqlite";

    /// <summary>
    /// <c>postgres://</c>, <c>postgresql://</c> or <c>Host=...</c> -> <see cref="PostgresWorkStore"/>;
    /// <c>sqlite:///path</c> or a <c>.db</c>/<c>.sqlite</c> path -> <see cref="SqliteWorkStore"/>. Runs MigrateAsync.
    /// </summary>
    public static async Task<IWorkStore> OpenAsync(string connection, CancellationToken ct = default)
    {
        IWorkStore store = Create(connection);
        try
        {
            await store.MigrateAsync(ct).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static IWorkStore Create(string connection)
    {
        if (PostgresConnectionString(connection) is { } postgres)
            return new PostgresWorkStore(postgres);
        var text = connection.Trim();
        if (text.StartsWith("sqlite://", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite://".Length..];
            if (!path.StartsWith('/'))
                throw new ArgumentException($"store: '{connection}' needs an absolute path (sqlite:///abs/path.db); accepted: {AcceptedForms}");
            return new SqliteWorkStore(Uri.UnescapeDataString(path));
        }
        if (text.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
            return new SqliteWorkStore(text);
        throw new ArgumentException($"store: cannot tell which store '{connection}' names; accepted: {AcceptedForms}");
    }

    /// <summary>The Npgsql connection string when <paramref name="connection"/> names PostgreSQL (the cluster's membership lives there too), else null.</summary>
    /// <exception cref="ArgumentException">A malformed postgres:// URL.</exception>
    public static string? PostgresConnectionString(string connection)
    {
        var text = connection.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return PostgresUrl.ToConnectionString(text);
        if (text.Contains('=') && text.Contains("host", StringComparison.OrdinalIgnoreCase) && !text.Contains("://"))
            return text;
        return null;
    }
}
