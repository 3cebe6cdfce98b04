using Cluster.TestSupport;
using Cluster.Core.Work;
using Cluster.Storage.Postgres;

namespace Cluster.Storage.Tests;

public sealed class PostgresWorkStoreTests(PostgresTestDatabase database)
    : WorkStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override async Task ResetAsync()
    {
        await using (var store = new PostgresWorkStore(database.ConnectionString))
            await store.MigrateAsync();
        await database.ExecuteAsync("TRUNCATE runs, items, item_log, artifacts, workers, watches RESTART IDENTITY CASCADE");
    }

    protected override Task<IWorkStore> OpenStoreAsync() => WorkStores.OpenAsync(database.ConnectionString);

    protected override async Task<IReadOnlyList<int>> MigrateFreshDatabaseConcurrentlyAsync(int migrators)
    {
        var fresh = new PostgresTestDatabase();
        await fresh.InitializeAsync();
        try
        {
            await MigrateConcurrentlyAsync(() => new PostgresWorkStore(fresh.ConnectionString), migrators);
            return await fresh.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version");
        }
        finally
        {
            await fresh.DisposeAsync();
        }
    }

    [Fact]
    public async Task Claim_uses_the_partial_pending_index()
    {
        var run = await SubmitAndExpandAsync("plan", 2000);
        await database.ExecuteAsync("ANALYZE items");
        var plan = string.Join("\n", await database.QueryAsync<string>("""
            EXPLAIN SELECT run_id, key FROM items WHERE state = 'pending' AND not_before <= now()
            ORDER BY priority, run_id, idx LIMIT 32 FOR UPDATE SKIP LOCKED
            """));
        Assert.Contains("items_pending", plan);
        Assert.Equal(2000, run.Counts.Total);
    }

    [Fact]
    public async Task Postgres_url_and_key_value_forms_open_the_same_database()
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString);
        var url = $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        await SubmitAndExpandAsync("via-key-value", 3);
        await using var viaUrl = await WorkStores.OpenAsync(url);
        var run = await viaUrl.GetRunAsync("via-key-value");
        Assert.NotNull(run);
        Assert.Equal(3, run.Counts.Pending);
    }
}
