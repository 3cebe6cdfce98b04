using Cluster.Core.Work;
using Cluster.Grains.Watches;
using Orleans.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Grains.Tests;

public sealed class WatchMoveTests
{
    [Fact]
    public async Task A_watch_moves_to_the_other_orchestrator_when_its_silo_dies_and_admits_each_file_version_once()
    {
        await using var cluster = await GrainCluster.StartAsync(orchestrators: 2, workers: 1);
        var source = Directory.CreateDirectory(Path.Combine(cluster.Inputs, "live")).FullName;
        var spec = $$$"""{"name": "live", "kind": "checksum", "input": {"directory": "{{{source}}}", "glob": "*.dat"}}""";
        var grains = cluster.Cluster.Client;
        Assert.Null(await grains.GetGrain<IWatchGrain>("live").AddAsync(new WatchDefinitionMessage(source, "*.dat", 1, "checksum", spec, 0, 3, 30, null)));
        await File.WriteAllTextAsync(Path.Combine(source, "a.dat"), "first");
        var runId = (await cluster.Store.GetRunAsync("live"))!.Id;
        await WaitForItemsAsync(cluster, runId, 1);

        // Kill the orchestrator silo that hosts the watch; the scheduler (on the survivor, or reactivated there) brings it back.
        var management = grains.GetGrain<IManagementGrain>(0);
        var host = await WatchHostAsync(management);
        var victim = cluster.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        var survivor = cluster.Cluster.Silos.Take(2).Single(s => !s.SiloAddress.Equals(host));
        await cluster.Cluster.KillSiloAsync(victim);

        await File.WriteAllTextAsync(Path.Combine(source, "b.dat"), "second");
        await File.WriteAllTextAsync(Path.Combine(source, "a.dat"), "first, changed");
        await WaitForItemsAsync(cluster, runId, 3);
        // A few more scans on the new silo admit nothing twice.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var items = await cluster.Store.ListItemsAsync(runId, null, null, 0, 10);
        Assert.Equal(["a.dat", "a.dat@v2", "b.dat"], items.Select(i => i.Key).Order());
        var survivorGrains = cluster.Cluster.GetSiloServiceProvider(survivor.SiloAddress).GetRequiredService<IGrainFactory>();
        Assert.Equal(survivor.SiloAddress, await WatchHostAsync(survivorGrains.GetGrain<IManagementGrain>(0)));
    }

    private static async Task<SiloAddress> WatchHostAsync(IManagementGrain management) =>
        (await management.GetDetailedGrainStatistics()).Single(s => s.GrainType.Contains(nameof(WatchGrain), StringComparison.Ordinal)).SiloAddress;

    private static async Task WaitForItemsAsync(GrainCluster cluster, long runId, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((await cluster.Store.ListItemsAsync(runId, null, null, 0, 10)).Count < count)
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"fewer than {count} items admitted within 60 s");
            await Task.Delay(50);
        }
    }
}
