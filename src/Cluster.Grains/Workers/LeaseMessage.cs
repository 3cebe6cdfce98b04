using Cluster.Core.Work;

namespace Cluster.Grains.Workers;

/// <summary>An <see cref="ItemLease"/> on the wire (the ledger's records stay free of Orleans attributes).</summary>
[GenerateSerializer, Immutable, Alias("cluster.LeaseMessage")]
public sealed record LeaseMessage(
    [property: Id(0)] long RunId,
    [property: Id(1)] string RunName,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Key,
    [property: Id(4)] long Index,
    [property: Id(5)] string Input,
    [property: Id(6)] Guid Token,
    [property: Id(7)] int Attempt,
    [property: Id(8)] DateTimeOffset LeaseUntil,
    [property: Id(9)] bool PreviousHolderDied)
{
    public static LeaseMessage From(ItemLease l) =>
        new(l.RunId, l.RunName, l.Kind, l.Key, l.Index, l.Input, l.Token, l.Attempt, l.LeaseUntil, l.PreviousHolderDied);

    public ItemLease ToLease() => new(RunId, RunName, Kind, Key, Index, Input, Token, Attempt, LeaseUntil, PreviousHolderDied);
}
