using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Cluster.WorkerHost.Metrics;

/// <summary>
/// A small HTTP listener for the worker (only when <c>Cluster:MetricsUrls</c> is set): <c>/metrics</c>, written by the
/// host's OpenTelemetry Prometheus exporter (<see cref="MetricsExport"/>), and <c>/healthz</c> for Kubernetes' liveness
/// probe. It starts before the worker and stops after it, so the drain stays observable.
/// </summary>
public sealed class WorkerMetricsServer(IOptions<WorkerHostOptions> options, MeterProvider meters, ILogger<WorkerMetricsServer> log)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var urls = options.Value.MetricsUrls;
        if (string.IsNullOrWhiteSpace(urls)) return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        _app = builder.Build();
        _app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        _app.MapGet("/healthz", () => Results.Text("Healthy"));
        await _app.StartAsync(cancellationToken);
        log.LogInformation("Worker metrics on {Urls}/metrics", string.Join(", ", _app.Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
