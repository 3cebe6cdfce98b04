using System.Diagnostics.Metrics;
using Cluster.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Cluster.WorkerHost.Metrics;

/// <summary>
/// The meters of <see cref="ClusterMeters"/> exported through OpenTelemetry's Prometheus exporter on
/// <see cref="WorkerMetricsServer"/>, with the labels the chart and the docs know: no <c>otel_scope_*</c> labels and no
/// <c>target_info</c>.
/// </summary>
public static class MetricsExport
{
    public static IServiceCollection AddWorkerMetrics(this IServiceCollection services)
    {
        services.AddSingleton(provider => new WorkerMetrics(provider.GetRequiredService<IMeterFactory>(),
            provider.GetRequiredService<IOptions<WorkerHostOptions>>().Value.Slots));
        services.AddMetrics(metrics => metrics.EnableClusterMeters());
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter(exporter =>
        {
            exporter.ScopeInfoEnabled = false;
            exporter.TargetInfoEnabled = false;
        }));
        return services;
    }
}
