using k8s;

namespace Cluster.WorkerHost.Kubernetes;

/// <summary>
/// How the worker reaches the Kubernetes API server, through the official client's own configuration: inside a pod the
/// pod's service account (<see cref="KubernetesClientConfiguration.InClusterConfig"/>: API address from
/// KUBERNETES_SERVICE_HOST/PORT, token and CA from the mounted service account); elsewhere the kubeconfig that kubectl
/// would use (KUBECONFIG, else ~/.kube/config). Null when there is neither.
/// </summary>
public static class KubernetesApi
{
    public static KubernetesClientConfiguration? Find()
    {
        if (KubernetesClientConfiguration.IsInCluster()) return KubernetesClientConfiguration.InClusterConfig();
        var kubeconfig = Environment.GetEnvironmentVariable("KUBECONFIG");
        return !string.IsNullOrEmpty(kubeconfig) || File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation)
            ? KubernetesClientConfiguration.BuildDefaultConfig()
            : null;
    }
}
