using System.Diagnostics.Metrics;
using Cluster.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// The meters of <see cref="ClusterMeters.Exported"/> made by this host, exported through OpenTelemetry's Prometheus
/// exporter on <see cref="MetricsEndpoint"/>, with the labels the chart, the dashboard and the docs know: no
/// <c>otel_scope_*</c> labels and no <c>target_info</c>. No response cache: each scrape reads the store afresh.
/// </summary>
public static class MetricsExport
{
    public static IServiceCollection AddOrchestratorMetrics(this IServiceCollection services)
    {
        services.AddSingleton<ClusterMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            foreach (var name in ClusterMeters.Exported) metrics.AddMeter(name);
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
            {
                var own = provider.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument => ClusterMeters.IsExportedBy(instrument, own) ? null : MetricStreamConfiguration.Drop);
            });
            metrics.AddPrometheusExporter(exporter =>
            {
                exporter.ScrapeResponseCacheDurationMilliseconds = 0;
                exporter.ScopeInfoEnabled = false;
                exporter.TargetInfoEnabled = false;
            });
        });
        return services;
    }
}
