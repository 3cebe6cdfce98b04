using Cluster.Core.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Api;

/// <summary><c>GET /api/workers</c>: workers whose heartbeat is at most <see cref="AliveWithin"/> old.</summary>
public static class WorkerEndpoints
{
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(30);

    public static void Map(IEndpointRouteBuilder reads) => reads.MapGet("/workers", ListAsync);

    private static async Task<IResult> ListAsync(IWorkStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListWorkersAsync(AliveWithin, ct)).Select(RunViews.Worker).ToList());
}
