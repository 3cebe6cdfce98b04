using Cluster.Core.Work;
using Microsoft.AspNetCore.Http;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// The 404 that names the run's items when it has no item of a given key: a mistyped item
/// must not read as "no artifacts" or an empty log.
/// </summary>
public static class ItemLookup
{
    /// <summary>Up to this many items are listed in the answer; a larger run is summarised by its size.</summary>
    public const int ListedItems = 10;

    /// <summary>404: <c>no item named 'KEY' in run 'RUN' (its items: a, b, c)</c>.</summary>
    public static async Task<IResult> UnknownAsync(IWorkStore store, RunInfo run, string key, CancellationToken ct)
    {
        var first = await store.ListItemsAsync(run.Id, null, null, 0, ListedItems + 1, ct);
        var which = first.Count switch
        {
            0 => " (it has no items yet)",
            <= ListedItems => $" (its items: {string.Join(", ", first.Select(i => i.Key))})",
            _ => $" (it has {run.Counts.Total} items; list them with: cluster items {run.Name} --search TEXT)",
        };
        return ApiProblems.NotFound($"no item named '{key}' in run '{run.Name}'{which}");
    }
}
