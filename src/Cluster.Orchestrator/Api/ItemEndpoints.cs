using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Grains.Items;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Api;

/// <summary>A run's items, an item's log and the run's progress document.</summary>
public static class ItemEndpoints
{
    public const int MaxPage = 1000;

    public static void Map(IEndpointRouteBuilder reads)
    {
        reads.MapGet("/runs/{name}/items", ListAsync);
        reads.MapGet("/runs/{name}/log", LogAsync);
        reads.MapGet("/runs/{name}/progress", ProgressAsync);
    }

    private static async Task<IResult> ListAsync(IWorkStore store, string name, string? state, string? search, int? offset, int? limit,
        CancellationToken ct)
    {
        ItemState? itemState = null;
        if (state is not null)
        {
            try
            {
                itemState = StateText.ParseItemState(state);
            }
            catch (ArgumentException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        }
        if (offset < 0) return ApiProblems.BadRequest($"offset: must be at least 0 (got {offset})");
        if (limit is < 1 or > MaxPage) return ApiProblems.BadRequest($"limit: must be between 1 and {MaxPage} (got {limit})");
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var items = await store.ListItemsAsync(run.Id, itemState, search, offset ?? 0, limit ?? 100, ct);
        return TypedResults.Ok(new ItemPage(items.Select(RunViews.Item).ToList(), offset ?? 0, limit ?? 100));
    }

    private static async Task<IResult> LogAsync(IWorkStore store, IGrainFactory grains, string name, string? key, CancellationToken ct)
    {
        if (key is null) return ApiProblems.BadRequest("key: give the item key (?key=...)");
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var log = await grains.GetGrain<IItemGrain>(ItemGrainKey.Of(name, key)).LogAsync();
        if (log is null) return await ItemLookup.UnknownAsync(store, run, key, ct);
        return TypedResults.Ok(log.Select(l => RunViews.LogLine(new ItemLogEntry(l.At, l.Attempt, l.Level, l.Message, l.Worker))).ToList());
    }

    private static async Task<IResult> ProgressAsync(IWorkStore store, string name, CancellationToken ct) =>
        await store.GetRunAsync(name, ct) is { } run
            ? TypedResults.Ok(await store.ProgressAsync(run.Id, ct))
            : ApiProblems.UnknownRun(name);
}
