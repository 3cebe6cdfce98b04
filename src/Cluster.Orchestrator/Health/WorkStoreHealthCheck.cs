using Cluster.Core.Work;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Orchestrator.Health;

/// <summary>Ready when the work store answers a cheap query; the reason is the store's own error.</summary>
public sealed class WorkStoreHealthCheck(IWorkStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ListRunsAsync(new RunQuery(Limit: 1), cancellationToken);
            return HealthCheckResult.Healthy("the work store answers");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Reported, not swallowed: the probe answers 503 with this description.
            return HealthCheckResult.Unhealthy($"the work store does not answer: {e.Message}", e);
        }
    }
}
