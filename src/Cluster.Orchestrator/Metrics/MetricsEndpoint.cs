using Cluster.Core.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Orchestrator.Metrics;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format, written by the OpenTelemetry Prometheus exporter
/// (<see cref="MetricsExport"/>). Open like the health probes (counts and kind names only, no run contents); restrict
/// it with the chart's NetworkPolicy. 503 when the work store does not answer.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app)
    {
        // Created now, not at the first scrape: the instruments exist from the start, like the rest of the process.
        var metrics = app.Services.GetRequiredService<ClusterMetrics>();
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null,
                configureBranchedPipeline: branch => branch.Use((context, next) => ReadStoreThenExportAsync(context, next, metrics)), optionsName: null)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
    }

    private static async Task ReadStoreThenExportAsync(HttpContext context, RequestDelegate export, ClusterMetrics metrics)
    {
        if (context.RequestServices.GetRequiredService<IWorkStore>() is not IWorkStatistics statistics)
        {
            await Results.Problem("this work store cannot report statistics", statusCode: StatusCodes.Status501NotImplemented).ExecuteAsync(context);
            return;
        }
        try
        {
            await metrics.ScrapeAsync(statistics, () => export(context), context.RequestAborted);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException && !context.Response.HasStarted)
        {
            await Results.Problem($"work store unavailable: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        }
    }
}
