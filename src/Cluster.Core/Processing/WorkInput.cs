namespace Cluster.Core.Processing;

/// <summary>One unit of work as a processor sees it: the item's key and the local file it reads.</summary>
/// <param name="Key">The item's key, unique within its run (for files: the path relative to the input root).</param>
/// <param name="Path">Local path of the input file.</param>
public sealed record WorkInput(string Key, string Path);
