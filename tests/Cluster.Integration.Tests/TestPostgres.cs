using Npgsql;

namespace Cluster.Integration.Tests;

/// <summary>
/// A fresh database on the test server that ./scripts/test starts (CLUSTER_TEST_POSTGRES); dropped on dispose.
/// A missing server fails the test: it never skips.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private readonly string _admin;

    private TestPostgres(string admin, string name, string connection)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connection;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestPostgres> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("CLUSTER_TEST_POSTGRES");
        if (string.IsNullOrEmpty(admin))
            throw new InvalidOperationException("CLUSTER_TEST_POSTGRES is not set: run the tests through ./scripts/test, which starts PostgreSQL");
        var name = $"cluster_it_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestPostgres(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
