using System.Diagnostics.Metrics;
using System.Net;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.TestSupport;
using Cluster.WorkerHost;
using Cluster.WorkerHost.Kubernetes;
using Cluster.WorkerHost.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cluster.Deployment.Tests;

/// <summary>
/// The worker's pod-deletion-cost annotation through the official Kubernetes client, against a loopback HTTP server
/// standing in for the API server. The client finds it the ordinary way, through a kubeconfig file named by
/// KUBECONFIG (inside a pod it would use the service account instead): the exact merge patch the client sends follows
/// the busy slots, and a refused patch is retried.
/// </summary>
public sealed class PodDeletionCostTests
{
    private const string Token = "loopback-service-account-token";

    [Fact]
    public async Task Busy_slots_are_patched_into_the_pods_deletion_cost_annotation()
    {
        using var api = new LoopbackKubernetesApi();
        using var pod = new PodEnvironment(api.Address, Token);
        var metrics = NewWorkerMetrics(slots: 2);
        var service = new PodDeletionCost(Options.Create(new WorkerHostOptions { PodDeletionCost = true }), metrics, NullLogger<PodDeletionCost>.Instance);

        await service.StartAsync(CancellationToken.None);
        try
        {
            var idle = api.Take();
            Assert.Equal("PATCH", idle.Method);
            Assert.Equal("/api/v1/namespaces/beamline/pods/cluster-worker-abc", idle.PathAndQuery);
            Assert.Equal("application/merge-patch+json; charset=utf-8", idle.ContentType);
            Assert.Equal("Bearer " + Token, idle.Authorization);
            Assert.Equal(Body(0), idle.Body);

            var lease = new ItemLease(1, "run", "checksum", "a.dat", 0, "/a.dat", Guid.NewGuid(), 1, DateTimeOffset.UtcNow);
            metrics.Claimed(lease);
            metrics.Claimed(lease with { Key = "b.dat", Token = Guid.NewGuid() });
            Assert.Equal(Body(2), api.Take().Body);
            metrics.Finished(lease, ItemEnd.Done, TimeSpan.FromSeconds(1), 10);
            Assert.Equal(Body(1), api.Take().Body);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_refused_patch_is_retried_until_the_api_server_accepts_it()
    {
        using var api = new LoopbackKubernetesApi();
        using var pod = new PodEnvironment(api.Address, Token);
        api.AnswerNext(HttpStatusCode.Forbidden);
        var service = new PodDeletionCost(Options.Create(new WorkerHostOptions { PodDeletionCost = true }), NewWorkerMetrics(slots: 1),
            NullLogger<PodDeletionCost>.Instance);

        await service.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(Body(0), api.Take().Body);
            var retried = api.Take();
            Assert.Equal(("PATCH", Body(0)), (retried.Method, retried.Body));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Outside_a_pod_and_without_a_kubeconfig_no_api_server_is_assumed()
    {
        using var pod = new PodEnvironment(null, Token);
        var home = Environment.GetEnvironmentVariable("HOME");
        if (home is not null && File.Exists(Path.Combine(home, ".kube", "config")))
            throw new InvalidOperationException($"{home}/.kube/config exists on this machine; this test needs a machine without one");

        Assert.Null(KubernetesApi.Find());
    }

    private static string Body(int cost) => $$$$"""{"metadata":{"annotations":{"{{{{PodDeletionCost.Annotation}}}}":"{{{{cost}}}}"}}}""";

    private static WorkerMetrics NewWorkerMetrics(int slots) =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>(), slots);
}

/// <summary>
/// The pod's view of the world for one test: POD_NAME and POD_NAMESPACE as the chart sets them from the downward API,
/// and KUBECONFIG naming a kubeconfig for the loopback API server (or unset). Process-wide: only the tests above, which
/// run one after another, touch these variables.
/// </summary>
public sealed class PodEnvironment : IDisposable
{
    private readonly TempDirectory _temp = new();

    public PodEnvironment(Uri? apiServer, string token)
    {
        Environment.SetEnvironmentVariable("POD_NAME", "cluster-worker-abc");
        Environment.SetEnvironmentVariable("POD_NAMESPACE", "beamline");
        if (apiServer is null) return;
        var kubeconfig = _temp.File("kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: loopback
                cluster:
                  server: {apiServer.AbsoluteUri.TrimEnd('/')}
            users:
              - name: worker
                user:
                  token: {token}
            contexts:
              - name: loopback
                context:
                  cluster: loopback
                  user: worker
                  namespace: beamline
            current-context: loopback
            """);
        Environment.SetEnvironmentVariable("KUBECONFIG", kubeconfig);
    }

    public void Dispose()
    {
        foreach (var name in new[] { "POD_NAME", "POD_NAMESPACE", "KUBECONFIG" })
            Environment.SetEnvironmentVariable(name, null);
        _temp.Dispose();
    }
}
