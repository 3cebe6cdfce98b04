using Cluster.Core.Inputs;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.TestSupport;
using Npgsql;

namespace Cluster.Deployment.Tests;

/// <summary>The exact query of the KEDA trigger, run on a migrated PostgreSQL store, follows pending + leased items.</summary>
public sealed class QueueDepthViewTests
{
    [Fact]
    public async Task The_trigger_query_counts_pending_and_leased_items_and_nothing_else()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        Assert.Equal(0, await DepthAsync(database.ConnectionString));

        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        for (var i = 0; i < 10; i++) File.WriteAllText(Path.Combine(data, $"f{i}.dat"), $"{i}");
        var spec = $$$"""{"name": "depth", "kind": "checksum", "input": {"directory": "{{{data}}}"}}""";
        var run = (await store.SubmitAsync(new RunSubmission("depth", "checksum", spec, 0, 3, 30))).Run;
        var kinds = ProcessorKinds.All();
        await store.ExpandAsync(run.Id, InputExpander.Expand(JobSpecParser.Parse(spec, kinds).Input, kinds.Get("checksum"), new InputRoots([data])));
        Assert.Equal(10, await DepthAsync(database.ConnectionString));

        var leases = await store.ClaimAsync("w", 4);
        Assert.Equal(10, await DepthAsync(database.ConnectionString));
        await store.CompleteAsync(leases[0].Token, ItemState.Done, [], null);
        await store.FailAsync(leases[1].Token, "broken");
        Assert.Equal(8, await DepthAsync(database.ConnectionString));
        await store.CancelAsync("depth");
        var counts = (await store.GetRunAsync("depth"))!.Counts;
        Assert.Equal((0L, 2L), (counts.Pending, counts.Leased));
        Assert.Equal(counts.Pending + counts.Leased, await DepthAsync(database.ConnectionString));
    }

    private static async Task<long> DepthAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(QueueDepthQuery.Text, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
