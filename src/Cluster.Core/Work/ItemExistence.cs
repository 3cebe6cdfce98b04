namespace Cluster.Core.Work;

public static class ItemExistence
{
    private const int Page = 1000;

    /// <summary>Whether the run has an item of exactly this key (the store searches by substring: pages through the matches).</summary>
    public static async Task<bool> ItemExistsAsync(this IWorkStore store, long runId, string key, CancellationToken ct = default)
    {
        for (var offset = 0; ; offset += Page)
        {
            var page = await store.ListItemsAsync(runId, null, key, offset, Page, ct);
            if (page.Any(i => i.Key == key)) return true;
            if (page.Count < Page) return false;
        }
    }
}
