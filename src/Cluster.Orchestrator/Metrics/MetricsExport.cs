using Cluster.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// The meters of <see cref="ClusterMeters"/> exported through OpenTelemetry's Prometheus exporter on
/// <see cref="MetricsEndpoint"/>, with the labels the chart, the dashboard and the docs know: no <c>otel_scope_*</c>
/// labels and no <c>target_info</c>. No response cache: each scrape reads the store afresh.
/// </summary>
public static class MetricsExport
{
    public static IServiceCollection AddOrchestratorMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ClusterMetrics>();
        services.AddMetrics(metrics => metrics.EnableClusterMeters());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter(exporter =>
        {
            exporter.ScrapeResponseCacheDurationMilliseconds = 0;
            exporter.ScopeInfoEnabled = false;
            exporter.TargetInfoEnabled = false;
        }));
        return services;
    }
}
