using Cluster.Core.Work;

namespace Cluster.Grains.Items;

/// <summary>An item over the ledger: every view is read afresh (a cache would have to follow completions on other silos).</summary>
[StatelessWorker]
public sealed class ItemGrain(IWorkStore store) : Grain, IItemGrain
{
    async Task<IReadOnlyList<ItemLogLine>?> IItemGrain.LogAsync()
    {
        var (runName, key) = ItemGrainKey.Parse(this.GetPrimaryKeyString());
        if (await store.GetRunAsync(runName) is not { } run) return null;
        var log = await store.ItemLogAsync(run.Id, key);
        if (log.Count == 0 && !await store.ItemExistsAsync(run.Id, key)) return null;
        return log.Select(l => new ItemLogLine(l.At, l.Attempt, l.Level, l.Message, l.Worker)).ToList();
    }
}
