using Cluster.Grains.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Hosting;

/// <summary>
/// On every orchestrator silo: reports to the scheduler every second (which also wakes it), so it is active somewhere
/// and knows the orchestrators even with no worker to
/// call it (workers scaled to zero). After the silo that hosted it dies, the next wake-up from a surviving
/// orchestrator activates it there, within a second of the membership declaring the silo dead.
/// </summary>
public sealed class SchedulerKeeper(IGrainFactory grains, ILocalSiloDetails local, ILogger<SchedulerKeeper> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<ISchedulerGrain>(0).OrchestratorAliveAsync(local.SiloAddress);
                failures = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
            {
                if (++failures is 1 or 10 or 100) log.LogWarning("Cannot wake the scheduler ({Failures} tries): {Error}", failures, e.Message);
            }
            try
            {
                await Task.Delay(Period, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
