namespace Cluster.Core.Processing;

/// <summary>Where a processor writes and how it reports progress.</summary>
/// <param name="OutputDirectory">Artifacts are written here, each atomically under its final name.</param>
/// <param name="ScratchDirectory">Private working space, removed by the caller afterwards.</param>
/// <param name="Progress">Fraction done in [0, 1] for long items; may be ignored by callers.</param>
/// <param name="MaxThreads">Parallelism the processor may use inside one item (0 = all cores).</param>
public sealed record ProcessorContext(
    string OutputDirectory,
    string ScratchDirectory,
    IProgress<double>? Progress = null,
    int MaxThreads = 0);
