using Cluster.Client.Models;
using Cluster.Core.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// <c>POST /api/runs/{name}/cancel | resume | retry</c>: 404 for an unknown run, 409 when its state does not allow
/// the change (cancel: only pending or running runs; resume: only cancelled runs; retry: only runs with error items).
/// </summary>
public static class RunActionEndpoints
{
    public static void Map(IEndpointRouteBuilder writes)
    {
        writes.MapPost("/runs/{name}/cancel", CancelAsync);
        writes.MapPost("/runs/{name}/resume", ResumeAsync);
        writes.MapPost("/runs/{name}/retry", RetryAsync);
    }

    private static async Task<IResult> CancelAsync(IWorkStore store, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        if (!await store.CancelAsync(name, ct))
            return ApiProblems.Conflict($"run '{name}' is {run.State.Text()}: only pending or running runs can be cancelled");
        loggers.CreateLogger(typeof(RunActionEndpoints)).LogInformation("Run {Run} cancelled", name);
        return await CurrentAsync(store, name, ct);
    }

    private static async Task<IResult> ResumeAsync(IWorkStore store, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        if (!await store.ResumeAsync(name, ct))
            return ApiProblems.Conflict($"run '{name}' is {run.State.Text()}: only cancelled runs can be resumed");
        loggers.CreateLogger(typeof(RunActionEndpoints)).LogInformation("Run {Run} resumed", name);
        return await CurrentAsync(store, name, ct);
    }

    private static async Task<IResult> RetryAsync(IWorkStore store, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var requeued = await store.RetryFailedAsync(name, ct);
        if (requeued == 0)
            return ApiProblems.Conflict($"run '{name}' ({run.State.Text()}) has no items in error to retry");
        loggers.CreateLogger(typeof(RunActionEndpoints)).LogInformation("Run {Run}: {Count} failed items requeued", name, requeued);
        return await store.GetRunAsync(name, ct) is { } after
            ? TypedResults.Ok(new RetryResponse(RunViews.Status(after, DateTimeOffset.UtcNow), requeued))
            : ApiProblems.UnknownRun(name);
    }

    private static async Task<IResult> CurrentAsync(IWorkStore store, string name, CancellationToken ct) =>
        await store.GetRunAsync(name, ct) is { } run
            ? TypedResults.Ok(RunViews.Status(run, DateTimeOffset.UtcNow))
            : ApiProblems.UnknownRun(name);
}
