using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.WorkerHost;
using Cluster.WorkerHost.Kubernetes;
using Cluster.WorkerHost.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cluster.Deployment.Tests;

/// <summary>
/// The worker's pod-deletion-cost annotation, against a loopback HTTP server standing in for the Kubernetes API
/// (none runs here): a merge patch of the pod's annotation follows the busy slots.
/// </summary>
public sealed class PodDeletionCostTests
{
    [Fact]
    public async Task Busy_slots_are_patched_into_the_pods_deletion_cost_annotation()
    {
        var port = FreeLoopbackPort();
        using var api = new HttpListener();
        api.Prefixes.Add($"http://127.0.0.1:{port}/");
        api.Start();
        var patches = new BlockingCollection<(string Method, string Path, string ContentType, string Body)>();
        _ = Task.Run(async () =>
        {
            while (api.IsListening)
            {
                HttpListenerContext context;
                try { context = await api.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                patches.Add((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", await reader.ReadToEndAsync()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        Environment.SetEnvironmentVariable("POD_NAME", "cluster-worker-abc");
        Environment.SetEnvironmentVariable("POD_NAMESPACE", "beamline");
        var metrics = new WorkerMetrics(slots: 2);
        var options = Options.Create(new WorkerHostOptions { PodDeletionCost = true, KubernetesApi = $"http://127.0.0.1:{port}" });
        var service = new PodDeletionCost(options, metrics, NullLogger<PodDeletionCost>.Instance);

        await service.StartAsync(CancellationToken.None);
        try
        {
            var idle = Take(patches);
            Assert.Equal(("PATCH", "/api/v1/namespaces/beamline/pods/cluster-worker-abc", "application/merge-patch+json"), (idle.Method, idle.Path, idle.ContentType.Split(';')[0]));
            Assert.Equal("0", Cost(idle.Body));

            var lease = new ItemLease(1, "run", "checksum", "a.dat", 0, "/a.dat", Guid.NewGuid(), 1, DateTimeOffset.UtcNow);
            metrics.Claimed(lease);
            metrics.Claimed(lease with { Key = "b.dat", Token = Guid.NewGuid() });
            Assert.Equal("2", Cost(Take(patches).Body));
            metrics.Finished(lease, ItemEnd.Done, TimeSpan.FromSeconds(1), 10);
            Assert.Equal("1", Cost(Take(patches).Body));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
            Environment.SetEnvironmentVariable("POD_NAME", null);
            Environment.SetEnvironmentVariable("POD_NAMESPACE", null);
        }
    }

    private static (string Method, string Path, string ContentType, string Body) Take(BlockingCollection<(string, string, string, string)> patches) =>
        patches.TryTake(out var patch, TimeSpan.FromSeconds(15)) ? patch : throw new TimeoutException("no PATCH within 15 s");

    private static string Cost(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("metadata").GetProperty("annotations").GetProperty(PodDeletionCost.Annotation).GetString()!;

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
