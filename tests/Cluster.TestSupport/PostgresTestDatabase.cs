using Npgsql;
using Xunit;

namespace Cluster.TestSupport;

/// <summary>
/// A fresh database (cluster_test_&lt;random&gt;) on the test server named by CLUSTER_TEST_POSTGRES, dropped on dispose.
/// A missing variable or an unreachable server fails the tests: they are never skipped.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>For tests that create a database themselves rather than through a fixture.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        return database;
    }

    private const string Hint = "run ./scripts/test (or: source scripts/lib/postgres.sh && start_test_postgres), which starts PostgreSQL and sets CLUSTER_TEST_POSTGRES";

    public string ConnectionString { get; private set; } = "";

    private string _server = "";
    private string _name = "";

    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("CLUSTER_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException($"CLUSTER_TEST_POSTGRES is not set: {Hint}");

    public async Task InitializeAsync()
    {
        _server = ServerConnectionString();
        _name = $"cluster_test_{Guid.NewGuid():N}"[..32];
        await ExecuteOnServerAsync($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_name.Length == 0) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<T>> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_server);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"PostgreSQL test server at '{_server}' unreachable ({e.Message}): {Hint}", e);
        }
    }
}
