using System.Globalization;
using Cluster.WorkerHost.Metrics;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost.Kubernetes;

/// <summary>
/// Keeps this pod's <c>controller.kubernetes.io/pod-deletion-cost</c> annotation equal to its busy slots, so when
/// KEDA or the HPA scales workers in, the ReplicaSet deletes idle workers first and busy ones last. Runs only when
/// <c>Cluster:PodDeletionCost</c> is true, the pod knows its name (<c>POD_NAME</c> from the downward API) and the
/// API server is known (<see cref="KubernetesApi"/>). The pod's service account needs <c>patch</c> on pods (the
/// chart's Role). A failed patch is logged and retried: scale-in merely loses its preference, the drain still
/// protects the items.
/// </summary>
public sealed class PodDeletionCost(IOptions<WorkerHostOptions> options, WorkerMetrics metrics, ILogger<PodDeletionCost> log)
    : BackgroundService
{
    public const string Annotation = "controller.kubernetes.io/pod-deletion-cost";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PodDeletionCost) return;
        var api = KubernetesApi.Find();
        var pod = Environment.GetEnvironmentVariable("POD_NAME");
        var ns = Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } given ? given : api?.Namespace;
        if (api is null || string.IsNullOrEmpty(pod) || string.IsNullOrEmpty(ns))
        {
            log.LogWarning("Cluster:PodDeletionCost is on, but {Missing} is missing; not annotating",
                api is null ? "the API server (no service account, KUBECONFIG or ~/.kube/config)" : string.IsNullOrEmpty(pod) ? "POD_NAME" : "POD_NAMESPACE");
            return;
        }
        using var client = new k8s.Kubernetes(api);
        int? published = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = metrics.Busy;
            if (busy != published)
            {
                try
                {
                    await client.CoreV1.PatchNamespacedPodAsync(Patch(busy), pod, ns, cancellationToken: stoppingToken);
                    published = busy;
                }
                catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or TaskCanceledException
                                          && !stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Pod deletion cost of {Namespace}/{Pod} not updated ({Error}); retrying", ns, pod, Describe(e));
                }
            }
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A JSON merge patch that touches only this one annotation.</summary>
    public static V1Patch Patch(int cost) => new(
        new V1Pod { Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { [Annotation] = cost.ToString(CultureInfo.InvariantCulture) } } },
        V1Patch.PatchType.MergePatch);

    private static string Describe(Exception e) => e is HttpOperationException http
        ? $"HTTP {(int)http.Response.StatusCode}: {http.Response.Content}"
        : e.Message;
}
