using System.Net.Mime;
using System.Text.Json;
using Cluster.Client;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Orchestrator.Health;

/// <summary>
/// <c>/healthz</c> (the process is alive) and <c>/readyz</c> (the work store answers): <c>{"status": "healthy"}</c>,
/// or a 503 problem document whose detail says which check failed and why.
/// </summary>
public static class HealthResponses
{
    public const string ReadyTag = "ready";

    public static HealthCheckOptions Liveness() => new() { Predicate = _ => false, ResponseWriter = WriteAsync };

    public static HealthCheckOptions Readiness() => new() { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync };

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = MediaTypeNames.Application.Json;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Client.Models.HealthStatus("healthy"), ApiJson.Options));
            return;
        }
        var failing = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description}");
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = context.Response.StatusCode,
                Title = "Not Ready",
                Detail = string.Join("; ", failing),
            },
        });
    }
}
