using Cluster.Core.Work;

namespace Cluster.Client.Models;

/// <summary>One page of a run's items in input order.</summary>
public sealed record ItemPage(IReadOnlyList<ItemStatus> Items, int Offset, int Limit);

/// <param name="Index">Zero-based position in the run's input order.</param>
/// <param name="Error">First line of the last failure; the full text is in the item log.</param>
/// <param name="Reason">First line of why the item ended <c>error</c> or <c>no_data</c> (null in other states); the full
/// text is in the item log (<c>cluster log RUN ITEM</c>).</param>
public sealed record ItemStatus(string Key, long Index, ItemState State, int Attempts, string? Error, string? LeaseOwner,
    DateTimeOffset? FinishedAt, string? Reason = null);
