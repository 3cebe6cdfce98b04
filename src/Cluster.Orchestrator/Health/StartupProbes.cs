using System.Text.Json;
using Cluster.Client;
using Cluster.Storage.Readiness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator.Health;

/// <summary>
/// While the orchestrator waits at start for its stores, a bare server on its addresses answers the probes: /healthz
/// 200 (alive: do not restart it), /readyz and everything else 503 with what it waits for (do not send traffic).
/// The real application takes the addresses over once the stores answer.
/// </summary>
public static class StartupProbes
{
    /// <summary>Waits for the stores of <paramref name="options"/>, serving the probes on <paramref name="urls"/> meanwhile.</summary>
    /// <exception cref="DependencyUnavailableException">A store did not answer in time.</exception>
    public static async Task WaitForStoresAsync(OrchestratorOptions options, string[] urls, StartupWaitOptions wait, CancellationToken ct)
    {
        var dependencies = StartupWait.DependenciesOf(options.Store, options.Artifacts);
        if (dependencies.Count == 0) return;
        using var loggers = LoggerFactory.Create(logging => OrchestratorLogging.Configure(logging, options.LogFormat));
        var status = new StatusText("starting");
        await using var probes = Build(urls, status);
        await probes.StartAsync(ct);
        try
        {
            await StartupWait.WaitAsync(dependencies, wait, loggers.CreateLogger("Cluster.Startup"), ct, status);
        }
        finally
        {
            await probes.StopAsync(CancellationToken.None);
        }
    }

    private static WebApplication Build(string[] urls, StatusText status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text(JsonSerializer.Serialize(new Client.Models.HealthStatus("healthy"), ApiJson.Options), "application/json"));
        app.MapFallback(() => Results.Problem(title: "Not Ready", detail: status.Text, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    private sealed class StatusText(string initial) : IProgress<string>
    {
        private volatile string _text = initial;
        public string Text => _text;
        public void Report(string value) => _text = value;
    }
}
