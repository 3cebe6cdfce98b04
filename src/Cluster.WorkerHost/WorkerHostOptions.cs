namespace Cluster.WorkerHost;

/// <summary>Bound from the <c>Cluster</c> configuration section and <c>CLUSTER_*</c> environment variables.</summary>
public sealed class WorkerHostOptions
{
    /// <summary>Work store connection (<c>postgres://...</c> or <c>sqlite:///...</c>); env <c>CLUSTER_STORE</c>.</summary>
    public string Store { get; set; } = "";

    /// <summary>Artifact store URI (<c>file:///path</c>); env <c>CLUSTER_ARTIFACTS</c>.</summary>
    public string Artifacts { get; set; } = "";

    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>On SIGTERM, how long in-flight items may finish before they are released.</summary>
    public int DrainSeconds { get; set; } = 30;

    public int HeartbeatSeconds { get; set; } = 5;
}
