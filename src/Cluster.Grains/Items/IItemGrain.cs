namespace Cluster.Grains.Items;

/// <summary>One item of a run (key: <see cref="ItemGrainKey"/>): its views, read from the ledger.</summary>
[Alias("cluster.IItemGrain")]
public interface IItemGrain : IGrainWithStringKey
{
    /// <summary>The item's log, oldest first; null when the run has no such item.</summary>
    [Alias("Log")]
    Task<IReadOnlyList<ItemLogLine>?> LogAsync();
}

[GenerateSerializer, Immutable, Alias("cluster.ItemLogLine")]
public sealed record ItemLogLine(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Level,
    [property: Id(3)] string Message,
    [property: Id(4)] string? Worker);

/// <summary>Run names never contain '/' (the spec parser allows letters, digits, '.', '_', '-'), item keys may.</summary>
public static class ItemGrainKey
{
    public static string Of(string run, string item) => $"{run}/{item}";

    public static (string Run, string Item) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0) throw new ArgumentException($"item grain key '{key}' is not RUN/ITEM");
        return (key[..slash], key[(slash + 1)..]);
    }
}
