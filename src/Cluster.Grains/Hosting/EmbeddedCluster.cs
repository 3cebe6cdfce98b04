using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Scheduling;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Runs;
using Cluster.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Hosting;

/// <summary>
/// One in-process silo with both roles on loopback (free port, no gateway), over a store and an artifact store the
/// caller owns: <c>cluster run</c>'s cluster, and the tests'. The same grains as a real cluster; only the membership
/// is a single silo's.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedCluster(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <param name="logging">Where the silo logs; default nowhere (the CLI shows progress, and item errors are in the ledger).</param>
    public static async Task<EmbeddedCluster> StartAsync(IWorkStore store, IArtifactStore artifacts, JobKindCatalog kinds, InputRoots roots,
        WorkerOptions worker, SchedulerGrainOptions? scheduler = null, IObjectLister? objects = null, ICatalogRunLister? catalogs = null,
        IInputFetcher? inputs = null, Action<ILoggingBuilder>? logging = null, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(artifacts);
        builder.Services.AddSingleton(kinds);
        builder.Services.AddSingleton(roots);
        builder.Services.AddSingleton(worker);
        if (objects is not null) builder.Services.AddSingleton(objects);
        if (catalogs is not null) builder.Services.AddSingleton(catalogs);
        if (inputs is not null) builder.Services.AddSingleton(inputs);
        builder.Services.AddClusterLedgerServices();
        if (scheduler is not null)
            builder.Services.Configure<SchedulerGrainOptions>(o =>
            {
                o.TickInterval = scheduler.TickInterval;
                o.RescueBackoff = scheduler.RescueBackoff;
                o.DeadWorkerBackoff = scheduler.DeadWorkerBackoff;
                o.WorkerSilence = scheduler.WorkerSilence;
            });
        builder.UseOrleans(silo => silo.UseClusterSilo(new ClusterSiloOptions { ClusterId = "embedded" }, SiloRoles.Orchestrator | SiloRoles.Worker));
        var host = builder.Build();
        await host.StartAsync(ct);
        return new EmbeddedCluster(host);
    }

    public Task<SubmitReply> SubmitAsync(string name, SubmitRun command) => Grains.GetGrain<IRunGrain>(name).SubmitAsync(command);

    /// <summary>Graceful stop: the worker drains (its drain timeout) and releases what is left.</summary>
    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
