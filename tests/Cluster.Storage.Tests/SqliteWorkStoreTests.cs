using Cluster.Core.Work;
using Cluster.Storage.Sqlite;
using Cluster.TestSupport;

namespace Cluster.Storage.Tests;

public sealed class SqliteWorkStoreTests : WorkStoreContract, IDisposable
{
    private readonly TempDirectory _directory = new();
    private string DatabasePath => _directory.File("work.db");

    protected override Task ResetAsync() => Task.CompletedTask;

    protected override Task<IWorkStore> OpenStoreAsync() => WorkStores.OpenAsync($"sqlite://{DatabasePath}");

    protected override async Task<IReadOnlyList<int>> MigrateFreshDatabaseConcurrentlyAsync(int migrators)
    {
        var path = _directory.File("fresh.sqlite");
        await MigrateConcurrentlyAsync(() => new SqliteWorkStore(path), migrators);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        var versions = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt32(0));
        return versions;
    }

    [Fact]
    public async Task Database_is_in_wal_mode_and_times_keep_microseconds()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());

        var run = await SubmitAndExpandAsync("micros", 1);
        var lease = Assert.Single(await Store.ClaimAsync("w", 1));
        // lease_until = claim time + 1 s exactly, so the store's clock resolution shows in LeaseUntil's ticks.
        Assert.NotEqual(0, lease.LeaseUntil.Ticks % TimeSpan.TicksPerMillisecond + run.CreatedAt.Ticks % TimeSpan.TicksPerMillisecond);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
