namespace Cluster.Core.Processing;

/// <summary>How an item ended, what it produced, and what a user should read about it.</summary>
public sealed record ProcessorResult(ItemOutcome Outcome, IReadOnlyList<ArtifactFile> Artifacts, IReadOnlyList<string> Notes)
{
    public static ProcessorResult Done(IReadOnlyList<ArtifactFile> artifacts, IReadOnlyList<string> notes) =>
        new(ItemOutcome.Done, artifacts, notes);

    public static ProcessorResult NoData(string reason) => new(ItemOutcome.NoData, [], [reason]);
}

/// <summary><c>NoData</c> is a normal ending (nothing to plot in range), not an error.</summary>
public enum ItemOutcome
{
    Done,
    NoData,
}

/// <summary>A produced file: its artifact name, where it was written, and its media type.</summary>
public sealed record ArtifactFile(string Name, string Path, string MediaType);
