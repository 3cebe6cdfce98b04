using Cluster.Cli;
using Cluster.Cli.Commands.Client;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// Items leased to a worker that stopped answering (a partitioned silo keeps them until its leases expire): the run's
/// status names the worker, since when it is silent and when the items return, and gives no ETA meanwhile.
/// </summary>
public sealed class StalledLeaseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    [Fact]
    public async Task A_run_waiting_on_a_silent_worker_says_which_since_when_and_until_when_and_shows_no_eta()
    {
        await Server.Client().SubmitAsync("name: stuck\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\nlease_seconds: 600\n");
        await Server.WaitForRunAsync("stuck", r => r.Total == 3);
        // A worker that registered, took two items and went silent (its last heartbeat is 20 s old) while its silo is still
        // active in the membership, as a partitioned silo is until it is declared dead: the server's own silo stands in for
        // it (an owner the membership does not know is taken back at once by the scheduler).
        var silo = Assert.Single(await Server.Client().ListSilosAsync()).Address;
        await Server.Store.RegisterWorkerAsync(silo, "far-away", 42, 2);
        var leases = await Server.Store.ClaimAsync(silo, 2);
        Assert.Equal(2, leases.Count);
        var fresh = await Server.Client().GetRunAsync("stuck");
        Assert.Null(fresh.Stalled);

        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Server.DatabasePath};Pooling=false"))
        {
            await db.OpenAsync();
            await using var age = db.CreateCommand();
            age.CommandText = $"UPDATE workers SET heartbeat_at = heartbeat_at - 20000000 WHERE id = '{silo}'";
            Assert.Equal(1, await age.ExecuteNonQueryAsync());
        }
        var status = await Server.Client().GetRunAsync("stuck");

        var stalled = Assert.Single(status.Stalled!);
        Assert.Equal((silo, 2), (stalled.Worker, stalled.Items));
        Assert.InRange(DateTimeOffset.UtcNow - stalled.SilentSince!.Value, TimeSpan.FromSeconds(19), TimeSpan.FromSeconds(60));
        Assert.Equal(leases.Max(l => l.LeaseUntil).ToUnixTimeSeconds(), stalled.ReturnsBy.ToUnixTimeSeconds());
        Assert.Null(status.EtaSeconds);

        var output = new StringWriter();
        var code = await StatusCommand.Create(new Terminal(output, new StringWriter())).Parse(["stuck", "--server", Server.Address.ToString()]).InvokeAsync();
        Assert.Equal(0, code);
        // The table wraps long values over several lines: compare the words.
        var text = System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\s+", " ");
        Assert.Contains($"waiting on 2 items on worker {silo}, not answering since", text);
        Assert.Contains("(lease expiry), sooner if its silo is declared dead", text);
    }
}
