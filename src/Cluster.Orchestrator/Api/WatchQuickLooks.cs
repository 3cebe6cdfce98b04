using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Api;

/// <summary>Finds each watch's newest quick-look figure: the newest PNG among its run's most recently finished done items.</summary>
public static class WatchQuickLooks
{
    /// <summary>
    /// How many of the last done items (by index, which for a watch is arrival order) are looked at. Items finish out of
    /// order when several slots work on one watch, so the newest finisher is among the last few, not always the last.
    /// </summary>
    private const int RecentItems = 8;

    public static async Task<IReadOnlyList<WatchQuickLook>> ListAsync(IWorkStore store, CancellationToken ct)
    {
        var result = new List<WatchQuickLook>();
        foreach (var watch in await store.ListWatchesAsync(ct))
            result.Add(await OfAsync(store, watch, ct));
        return result;
    }

    private static async Task<WatchQuickLook> OfAsync(IWorkStore store, WatchInfo watch, CancellationToken ct)
    {
        var status = WatchEndpoints.Status(watch);
        if (await store.GetRunAsync(watch.Name, ct) is not { } run)
            return new WatchQuickLook(status, null, null, null, null);
        var counts = RunViews.Status(run, DateTimeOffset.UtcNow).Counts;
        var done = run.Counts.Done;
        var recent = done == 0
            ? []
            : await store.ListItemsAsync(run.Id, ItemState.Done, null, (int)Math.Max(0, done - RecentItems), RecentItems, ct);
        QuickLookFigure? figure = null;
        foreach (var item in recent.Where(i => i.FinishedAt is not null).OrderByDescending(i => i.FinishedAt))
        {
            var png = (await store.ArtifactsAsync(run.Id, item.Key, ct)).FirstOrDefault(a => a.Artifact.MediaType == "image/png");
            if (png is null) continue;
            var view = RunViews.Artifact(run.Name, png);
            figure = new QuickLookFigure(item.Key, view.Name, view.MediaType, view.Size, view.Sha256, view.ContentPath, item.FinishedAt!.Value);
            break;
        }
        var last = await LastFinishedAsync(store, run, ct);
        QuickLookFailure? failure = null;
        if (last is { State: ItemState.Error or ItemState.NoData, FinishedAt: { } failedAt } && (figure is null || failedAt > figure.LandedAt))
            failure = new QuickLookFailure(last.Key, last.State, RunViews.Item(last).Reason, failedAt);
        return new WatchQuickLook(status, run.State, counts, figure, last?.FinishedAt, failure);
    }

    /// <summary>The newest finished item among the last items of each finished state.</summary>
    private static async Task<ItemInfo?> LastFinishedAsync(IWorkStore store, RunInfo run, CancellationToken ct)
    {
        ItemInfo? newest = null;
        foreach (var (state, count) in new[] { (ItemState.Done, run.Counts.Done), (ItemState.Error, run.Counts.Error), (ItemState.NoData, run.Counts.NoData) })
        {
            if (count == 0) continue;
            var items = await store.ListItemsAsync(run.Id, state, null, (int)Math.Max(0, count - RecentItems), RecentItems, ct);
            foreach (var item in items)
                if (item.FinishedAt is not null && (newest is null || item.FinishedAt > newest.FinishedAt)) newest = item;
        }
        return newest;
    }
}
