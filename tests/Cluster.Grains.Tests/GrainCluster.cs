using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Hosting;
using Cluster.Grains.Runs;
using Cluster.Grains.Scheduling;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Cluster.Grains.Tests;

/// <summary>
/// An Orleans test cluster of real silos in this process over a real PostgreSQL ledger and an artifact folder: the
/// first <c>orchestrators</c> silos carry the orchestrator role, the others the worker role (two slots each). The test
/// cluster brings its own membership (in memory); the grains, placement by role, the worker grain service and the
/// ledger are the product's.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable
{
    private GrainCluster(InProcessTestCluster cluster, PostgresTestDatabase database, TempDirectory temp, IWorkStore store)
    {
        Cluster = cluster;
        Database = database;
        Temp = temp;
        Store = store;
    }

    public InProcessTestCluster Cluster { get; }
    public PostgresTestDatabase Database { get; }
    public TempDirectory Temp { get; }
    public IWorkStore Store { get; }
    public string Inputs => Temp.File("inputs");

    public static async Task<GrainCluster> StartAsync(int orchestrators, int workers)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("inputs"));
        var store = await WorkStores.OpenAsync(database.ConnectionString);
        var artifacts = new FileArtifactStore(temp.File("artifacts"));
        var builder = new InProcessTestClusterBuilder((short)(orchestrators + workers));
        builder.ConfigureSiloHost((silo, host) =>
        {
            host.Services.AddSingleton(store);
            host.Services.AddSingleton<IArtifactStore>(artifacts);
            host.Services.AddSingleton(ProcessorKinds.All());
            host.Services.AddSingleton(new InputRoots([temp.Path]));
            host.Services.AddClusterLedgerServices();
            host.Services.Configure<SchedulerGrainOptions>(o =>
            {
                o.TickInterval = TimeSpan.FromMilliseconds(200);
                o.RescueBackoff = TimeSpan.FromMilliseconds(100);
            });
            // One worker per silo: each silo gets its own options (the worker id is the silo address).
            host.Services.AddSingleton(_ => new WorkerOptions
            {
                Slots = 2, Queue = 2, HeartbeatInterval = TimeSpan.FromSeconds(1), DrainTimeout = TimeSpan.FromSeconds(2),
                ScratchRoot = temp.File("scratch"),
            });
        });
        builder.ConfigureSilo((silo, siloBuilder) => siloBuilder.AddClusterRoles(RoleOf(silo.SiloName, orchestrators)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainCluster(cluster, database, temp, store);
    }

    /// <summary>Silo_0 .. Silo_{orchestrators-1} are orchestrators.</summary>
    private static SiloRoles RoleOf(string siloName, int orchestrators) =>
        int.Parse(siloName["Silo_".Length..]) < orchestrators ? SiloRoles.Orchestrator : SiloRoles.Worker;

    public IEnumerable<InProcessSiloHandle> Workers(int orchestrators) => Cluster.Silos.Skip(orchestrators);

    /// <summary>Writes the files and submits a checksum run over them through the run grain.</summary>
    public async Task<RunInfo> SubmitChecksumsAsync(string name, int files, int delayMs, IGrainFactory? grains = null)
    {
        var data = Directory.CreateDirectory(Path.Combine(Inputs, name)).FullName;
        for (var i = 0; i < files; i++)
            await File.WriteAllTextAsync(Path.Combine(data, $"f{i:D4}.dat"), $"item {i}\n");
        var spec = $$"""{"name": "{{name}}", "kind": "checksum", "input": {"directory": "{{data}}"}, "params": {"delay_ms": {{delayMs}}}, "lease_seconds": 30}""";
        var reply = await (grains ?? Cluster.Client).GetGrain<IRunGrain>(name).SubmitAsync(new SubmitRun("checksum", spec, 0, 3, 30, false, null));
        Assert.Null(reply.Refusal);
        return (await Store.GetRunAsync(name))!;
    }

    public async Task<RunInfo> WaitForRunAsync(string name, Func<RunInfo, bool> done, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var run = await Store.GetRunAsync(name);
            if (run is not null && done(run)) return run;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"run {name}: not there within {timeout}; last {run?.State} {run?.Counts}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
        await Database.DisposeAsync();
        Temp.Dispose();
    }
}
