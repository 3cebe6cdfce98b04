using Cluster.Core.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator;

/// <summary>
/// Competes for the scheduler lease for the life of the process (every replica runs one; only the leader acts) and
/// resigns on shutdown so another replica takes over at once. A failing store does not end the service: the error
/// is logged and the scheduler starts competing again after <see cref="RestartDelay"/>.
/// </summary>
public sealed class SchedulerService(Scheduler scheduler, ILogger<SchedulerService> log) : BackgroundService
{
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(5);

    /// <summary>host-pid-random: unique per process, readable in the leader table.</summary>
    public string Holder { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.RunAsync(Holder, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(e, "Scheduler {Holder} failed; competing for the lease again in {Delay}", Holder, RestartDelay);
                try
                {
                    await Task.Delay(RestartDelay, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // Shutting down during the pause: nothing is held, nothing to resign.
                }
            }
        }
    }
}
