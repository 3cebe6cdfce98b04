using System.Diagnostics.Metrics;

namespace Cluster.Core.Metrics;

/// <summary>
/// The meters each process exports on <c>/metrics</c>: one <see cref="Meter"/> per process role, created through the
/// host's <see cref="IMeterFactory"/>. <see cref="Exported"/> is the one list both roles' exporters read; a library's
/// meter (Orleans' <c>Microsoft.Orleans</c>) is exported by adding its name there.
/// </summary>
public static class ClusterMeters
{
    /// <summary>The orchestrator's cluster-wide numbers, read from the work store at each scrape.</summary>
    public const string Orchestrator = "Cluster.Orchestrator";

    /// <summary>A worker process's own counters and processing times.</summary>
    public const string Worker = "Cluster.Worker";

    public static readonly IReadOnlyList<string> Exported = [Orchestrator, Worker];

    /// <summary>
    /// Whether a host exports this instrument: its meter is listed, and the meter was made by this host's own
    /// <paramref name="factory"/> or by no factory at all (a library's static meter). Meters are selected by name, so
    /// without the second test two hosts in one process (tests, an embedded cluster) would export each other's numbers.
    /// </summary>
    public static bool IsExportedBy(Instrument instrument, IMeterFactory factory) =>
        Exported.Contains(instrument.Meter.Name, StringComparer.Ordinal)
        && (instrument.Meter.Scope is not IMeterFactory owner || ReferenceEquals(owner, factory));
}
