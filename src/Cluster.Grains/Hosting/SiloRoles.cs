namespace Cluster.Grains.Hosting;

/// <summary>What a silo hosts. <c>cluster serve</c> is an orchestrator, <c>cluster worker</c> a worker, <c>cluster run</c> both.</summary>
[Flags]
public enum SiloRoles
{
    /// <summary>The run, item, watch and scheduler grains (and, in its host, the HTTP API and the dashboard).</summary>
    Orchestrator = 1,

    /// <summary>The worker grain service: processing slots.</summary>
    Worker = 2,
}
