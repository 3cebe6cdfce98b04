using Npgsql;

namespace Cluster.Storage.Readiness;

/// <summary>The work store's PostgreSQL: answers when a fresh connection runs <c>SELECT 1</c>.</summary>
public sealed class PostgresDependency : StartupDependency
{
    /// <summary>A database that does not exist yet (an init job creates it) or a server still starting, recovering or full.</summary>
    private static readonly HashSet<string> PassingStates = ["3D000", "57P01", "57P03", "53300"];

    private readonly string _connectionString;

    private PostgresDependency(string connectionString) => _connectionString = connectionString;

    public static PostgresDependency For(string connectionString, string role = "work store")
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new PostgresDependency(connectionString)
        {
            Role = role,
            Service = "PostgreSQL",
            Host = builder.Host ?? "localhost",
            Port = builder.Port,
            Target = builder.Database ?? builder.Username ?? "postgres",
            TargetKind = "database",
        };
    }

    public override async Task ProbeAsync(TimeSpan timeout, CancellationToken ct)
    {
        // No pooling: a pooled connection could answer for a server that has just gone away.
        var builder = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            Timeout = (int)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 1024),
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    public override bool IsPassing(Exception failure) => failure switch
    {
        PostgresException e => e.IsTransient || PassingStates.Contains(e.SqlState),
        NpgsqlException e => e.IsTransient,
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => false,
    };
}
