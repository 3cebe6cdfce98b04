namespace Cluster.WorkerHost;

/// <summary>Bound from the <c>Cluster</c> configuration section and <c>CLUSTER_*</c> environment variables.</summary>
public sealed class WorkerHostOptions
{
    /// <summary>Work store connection (<c>postgres://...</c> or <c>sqlite:///...</c>); env <c>CLUSTER_STORE</c>.</summary>
    public string Store { get; set; } = "";

    /// <summary>Artifact store URI (<c>file:///path</c>); env <c>CLUSTER_ARTIFACTS</c>.</summary>
    public string Artifacts { get; set; } = "";

    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>Items held beyond the slots, waiting for one (default: as many as slots), so no slot waits for the scheduler.</summary>
    public int? Queue { get; set; }

    /// <summary>On SIGTERM, how long in-flight items may finish before they are released.</summary>
    public int DrainSeconds { get; set; } = 30;

    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Where the worker serves <c>/metrics</c> and <c>/healthz</c> (e.g. <c>http://0.0.0.0:9464</c>); none when empty.</summary>
    public string? MetricsUrls { get; set; }

    /// <summary><c>auto</c> (JSON when output is redirected), <c>json</c> or <c>text</c>; env <c>CLUSTER_LOG_FORMAT</c>.</summary>
    public string LogFormat { get; set; } = "auto";

    /// <summary>Keep the pod's deletion-cost annotation equal to the busy slots (Kubernetes only; see PodDeletionCost).</summary>
    public bool PodDeletionCost { get; set; }
}
