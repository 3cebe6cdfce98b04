using Cluster.Core.Metrics;
using Cluster.Core.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format. Open like the health probes (counts and kind names only, no run
/// contents); restrict it with the chart's NetworkPolicy. 503 when the work store does not answer.
/// </summary>
public static class MetricsEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", async (IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetRequiredService<IWorkStore>() is not IWorkStatistics statistics)
                return Results.Problem("this work store cannot report statistics", statusCode: StatusCodes.Status501NotImplemented);
            try
            {
                return Results.Text(await ClusterMetrics.RenderAsync(statistics, ct), PrometheusTextWriter.ContentType);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
            {
                return Results.Problem($"work store unavailable: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
}
