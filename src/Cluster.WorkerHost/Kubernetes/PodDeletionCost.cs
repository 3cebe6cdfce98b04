using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Cluster.WorkerHost.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost.Kubernetes;

/// <summary>
/// Keeps this pod's <c>controller.kubernetes.io/pod-deletion-cost</c> annotation equal to its busy slots, so when
/// KEDA or the HPA scales workers in, the ReplicaSet deletes idle workers first and busy ones last. Runs only when
/// <c>Cluster:PodDeletionCost</c> is true and the pod knows its name and namespace (<c>POD_NAME</c>,
/// <c>POD_NAMESPACE</c> from the downward API); it talks to the API server with the pod's service account, which
/// needs <c>patch</c> on pods (the chart's Role). A failed patch is logged and retried: scale-in merely loses its
/// preference, the drain still protects the items.
/// </summary>
public sealed class PodDeletionCost(IOptions<WorkerHostOptions> options, WorkerMetrics metrics, ILogger<PodDeletionCost> log)
    : BackgroundService
{
    public const string Annotation = "controller.kubernetes.io/pod-deletion-cost";
    private const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.PodDeletionCost) return;
        var target = PodTarget.FromEnvironment(options.Value.KubernetesApi);
        if (target is null)
        {
            log.LogWarning("Cluster:PodDeletionCost is on, but POD_NAME, POD_NAMESPACE or the API server address is missing; not annotating");
            return;
        }
        using var http = CreateClient(target.Api);
        int? published = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = metrics.Busy;
            if (busy != published)
            {
                try
                {
                    await PatchAsync(http, target, busy, stoppingToken);
                    published = busy;
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Pod deletion cost not updated ({Error}); retrying", e.Message);
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

    private static async Task PatchAsync(HttpClient http, PodTarget target, int cost, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [Annotation] = cost.ToString(CultureInfo.InvariantCulture) } } });
        using var request = new HttpRequestMessage(HttpMethod.Patch,
            new Uri(target.Api, $"api/v1/namespaces/{Uri.EscapeDataString(target.Namespace)}/pods/{Uri.EscapeDataString(target.Pod)}"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/merge-patch+json"),
        };
        var token = ReadServiceAccountFile(target.TokenFile);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"PATCH pod {target.Namespace}/{target.Pod}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    /// <summary>HTTPS to the API server is checked against the service account's CA; plain HTTP (tests, proxies) as is.</summary>
    private static HttpClient CreateClient(Uri api)
    {
        var handler = new HttpClientHandler();
        var caFile = Path.Combine(ServiceAccountDirectory, "ca.crt");
        if (api.Scheme == Uri.UriSchemeHttps && File.Exists(caFile))
        {
            var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            handler.ServerCertificateCustomValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null || chain is null) return false;
                if (errors == System.Net.Security.SslPolicyErrors.None) return true;
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static string? ReadServiceAccountFile(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <param name="Api">API server base address: <c>Cluster:KubernetesApi</c>, else https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT/.</param>
    private sealed record PodTarget(Uri Api, string Namespace, string Pod, string TokenFile)
    {
        public static PodTarget? FromEnvironment(string? configuredApi)
        {
            var pod = Environment.GetEnvironmentVariable("POD_NAME");
            var ns = Environment.GetEnvironmentVariable("POD_NAMESPACE");
            var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
            var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443";
            var api = !string.IsNullOrWhiteSpace(configuredApi) ? configuredApi
                : host is { Length: > 0 } ? $"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}/" : null;
            if (api is null || string.IsNullOrEmpty(pod) || string.IsNullOrEmpty(ns)) return null;
            return new PodTarget(new Uri(api.EndsWith('/') ? api : api + "/"), ns, pod, Path.Combine(ServiceAccountDirectory, "token"));
        }
    }
}
