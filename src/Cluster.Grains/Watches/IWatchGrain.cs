namespace Cluster.Grains.Watches;

/// <summary>
/// One watched source (key: the watch name), the single owner of its scan loop: settle, seen file versions and the
/// exactly-once admission are in the ledger, so a scan by a second activation (during a partition) admits nothing twice.
/// </summary>
[Alias("cluster.IWatchGrain")]
public interface IWatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the watch and its run and starts watching; the refusal text when the name is taken.</summary>
    [Alias("Add")]
    Task<string?> AddAsync(WatchDefinitionMessage definition);

    /// <summary>Stops watching and removes the watch (its run finishes once its items are done); false if unknown.</summary>
    [Alias("Remove")]
    Task<bool> RemoveAsync();

    /// <summary>Watches if the ledger has the watch (called by the scheduler every tick: it brings a watch back within a second when its silo died).</summary>
    [Alias("Ensure")]
    Task EnsureWatchingAsync();
}

[GenerateSerializer, Immutable, Alias("cluster.WatchDefinition")]
public sealed record WatchDefinitionMessage(
    [property: Id(0)] string Source,
    [property: Id(1)] string Pattern,
    [property: Id(2)] int SettleSeconds,
    [property: Id(3)] string Kind,
    [property: Id(4)] string SpecJson,
    [property: Id(5)] int Priority,
    [property: Id(6)] int MaxAttempts,
    [property: Id(7)] int LeaseSeconds,
    [property: Id(8)] string? Sample);
