using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Grains.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

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

    private static async Task<IResult> CancelAsync(IWorkStore store, IGrainFactory grains, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        if (!await grains.GetGrain<IRunGrain>(name).CancelAsync())
            return ApiProblems.Conflict($"run '{name}' is {run.State.Text()}: only pending or running runs can be cancelled");
        return await CurrentAsync(store, name, ct);
    }

    private static async Task<IResult> ResumeAsync(IWorkStore store, IGrainFactory grains, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        if (!await grains.GetGrain<IRunGrain>(name).ResumeAsync())
            return ApiProblems.Conflict($"run '{name}' is {run.State.Text()}: only cancelled runs can be resumed");
        return await CurrentAsync(store, name, ct);
    }

    private static async Task<IResult> RetryAsync(IWorkStore store, IGrainFactory grains, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var requeued = await grains.GetGrain<IRunGrain>(name).RetryAsync();
        if (requeued == 0)
            return ApiProblems.Conflict($"run '{name}' ({run.State.Text()}) has no items in error to retry");
        return await store.GetRunAsync(name, ct) is { } after
            ? TypedResults.Ok(new RetryResponse(RunViews.Status(after, DateTimeOffset.UtcNow), requeued))
            : ApiProblems.UnknownRun(name);
    }

    private static async Task<IResult> CurrentAsync(IWorkStore store, string name, CancellationToken ct) =>
        await store.GetRunAsync(name, ct) is { } run
            ? TypedResults.Ok(RunViews.Status(run, DateTimeOffset.UtcNow))
            : ApiProblems.UnknownRun(name);
}
