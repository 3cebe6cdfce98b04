using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.WorkerHost.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost;

/// <summary>Runs one <see cref="Worker"/> for the life of the host; host shutdown (SIGTERM) starts the drain.</summary>
public sealed class WorkerService(
    IWorkStore store,
    IArtifactStore artifacts,
    JobKindCatalog kinds,
    IOptions<WorkerHostOptions> options,
    ILogger<Worker> logger,
    IInputFetcher inputs,
    WorkerMetrics metrics) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var worker = new Worker(store, artifacts, kinds, new WorkerOptions
        {
            Slots = settings.Slots,
            DrainTimeout = TimeSpan.FromSeconds(settings.DrainSeconds),
            HeartbeatInterval = TimeSpan.FromSeconds(settings.HeartbeatSeconds),
        }, logger, inputs, metrics);
        return worker.RunAsync(stoppingToken);
    }
}
