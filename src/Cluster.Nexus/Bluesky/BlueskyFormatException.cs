namespace Cluster.Nexus.Bluesky;

/// <summary>
/// A bluesky document stream that cannot be read: the message names the file, the place in it (line or run
/// index), the run uid when it is known, and what is wrong.
/// </summary>
public sealed class BlueskyFormatException(string source, string? runUid, string problem, Exception? inner = null)
    : FormatException(Compose(source, runUid, problem), inner)
{
    public string File { get; } = source;
    public string? RunUid { get; } = runUid;
    public string Problem { get; } = problem;

    private static string Compose(string source, string? runUid, string problem) =>
        runUid is null ? $"{source}: {problem}" : $"{source}: run {runUid}: {problem}";
}
