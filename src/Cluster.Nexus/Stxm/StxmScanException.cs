namespace Cluster.Nexus.Stxm;

/// <summary>A run that is well-formed bluesky but cannot be read as an STXM scan; names the file, run and problem.</summary>
public sealed class StxmScanException(string source, string? runUid, string problem)
    : FormatException(runUid is null ? $"{source}: {problem}" : $"{source}: run {runUid}: {problem}")
{
    public string File { get; } = source;
    public string? RunUid { get; } = runUid;
    public string Problem { get; } = problem;
}
