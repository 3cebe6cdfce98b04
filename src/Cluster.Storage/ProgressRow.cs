using Cluster.Core.Work;

namespace Cluster.Storage;

/// <summary>A finished item as the progress document needs it; rows arrive in index order.</summary>
internal readonly record struct ProgressRow(string Key, long Index, ItemState State, long FinishedOrder)
{
    /// <summary><c>last_index</c> is the index of the most recently finished item (done, no_data or error).</summary>
    public static ProgressDocument ToDocument(IReadOnlyList<ProgressRow> rows)
    {
        var last = rows.Count == 0 ? -1 : rows.MaxBy(r => (r.FinishedOrder, r.Index)).Index;
        return new ProgressDocument(
            rows.Where(r => r.State == ItemState.Done).Select(r => r.Key).ToList(),
            rows.Where(r => r.State == ItemState.Error).Select(r => r.Key).ToList(),
            rows.Where(r => r.State == ItemState.NoData).Select(r => r.Key).ToList(),
            last);
    }
}
