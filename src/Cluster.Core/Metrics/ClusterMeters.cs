using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics;

namespace Cluster.Core.Metrics;

/// <summary>
/// The meters each process exports on <c>/metrics</c>, in one place. The cluster's own are one <see cref="Meter"/> per
/// process role, created through the host's <see cref="IMeterFactory"/>; a library's meter (Orleans'
/// <c>Microsoft.Orleans</c>) is exported by adding its name to <see cref="Libraries"/>.
/// </summary>
public static class ClusterMeters
{
    /// <summary>The orchestrator's cluster-wide numbers, read from the work store at each scrape.</summary>
    public const string Orchestrator = "Cluster.Orchestrator";

    /// <summary>A worker process's own counters and processing times.</summary>
    public const string Worker = "Cluster.Worker";

    public static readonly IReadOnlyList<string> Own = [Orchestrator, Worker];

    /// <summary>Meters of libraries the hosts run, exported beside the cluster's own.</summary>
    public static readonly IReadOnlyList<string> Libraries = ["Microsoft.Orleans"];

    /// <summary>
    /// Turns the exported meters on for every metrics listener of a host (the Prometheus exporter is one). The rules
    /// select meters made by this host's own <see cref="IMeterFactory"/> (<see cref="MeterScope.Local"/>) or by no
    /// factory, a static <c>new Meter(...)</c> as libraries make (<see cref="MeterScope.Global"/>), never another host's:
    /// two hosts in one process (tests, an embedded cluster) do not export each other's numbers although both name
    /// the same meters.
    /// </summary>
    public static IMetricsBuilder EnableClusterMeters(this IMetricsBuilder metrics)
    {
        foreach (var name in Own) metrics.EnableMetrics(name, instrumentName: null, listenerName: null, scopes: MeterScope.Local);
        foreach (var name in Libraries) metrics.EnableMetrics(name, instrumentName: null, listenerName: null, scopes: MeterScope.Local | MeterScope.Global);
        return metrics;
    }
}
