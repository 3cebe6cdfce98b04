using System.Net.Http.Headers;
using System.Text;
using Cluster.Client;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// <c>Cluster:Silo:Tls</c> with real processes on PostgreSQL, certificates made in the test: an orchestrator and a worker
/// with the cluster's certificate (or leaves of the cluster's CA) form one cluster and the worker processes the run; a
/// worker without TLS, or with a certificate from elsewhere, is refused: its connections fail the handshake, it never
/// becomes active, the others declare it dead and it stops, and it processes nothing.
/// </summary>
[Collection(ChaosCluster.Collection)]
public sealed class SiloTlsTests
{
    private const string Token = "silo-tls-token-0123456789";

    [Fact]
    public async Task Silos_sharing_the_cluster_certificate_work_together_and_a_worker_without_it_is_refused()
    {
        using var temp = new TempDirectory();
        using var cluster = TestCertificates.SelfSigned("cluster-silos");
        using var stranger = TestCertificates.SelfSigned("cluster-silos");
        // The orchestrator reads a PEM pair (a Kubernetes TLS Secret), the worker the same certificate as PKCS#12.
        TestCertificates.WritePem(cluster, temp.File("tls.crt"), temp.File("tls.key"));
        TestCertificates.WritePfx(cluster, temp.File("silo.pfx"), "pfx-pass-5d0c");
        File.WriteAllText(temp.File("pfx-password"), "pfx-pass-5d0c\n");
        TestCertificates.WritePem(stranger, temp.File("stranger.crt"), temp.File("stranger.key"));

        await RunAsync(temp,
            orchestratorTls: Tls(("CertificatePath", temp.File("tls.crt")), ("KeyPath", temp.File("tls.key"))),
            workerTls: Tls(("CertificatePath", temp.File("silo.pfx")), ("CertificatePasswordFile", temp.File("pfx-password"))),
            refused: new()
            {
                ["plain-worker"] = [],
                ["stranger-worker"] = Tls(("CertificatePath", temp.File("stranger.crt")), ("KeyPath", temp.File("stranger.key"))),
            });
    }

    [Fact]
    public async Task Silos_with_leaves_of_the_cluster_ca_work_together_and_a_leaf_of_another_ca_is_refused()
    {
        using var temp = new TempDirectory();
        using var ca = TestCertificates.Authority("cluster-ca");
        using var otherCa = TestCertificates.Authority("cluster-ca");
        using var orchestratorLeaf = TestCertificates.IssuedBy(ca, "orchestrator");
        using var workerLeaf = TestCertificates.IssuedBy(ca, "worker");
        using var foreignLeaf = TestCertificates.IssuedBy(otherCa, "worker");
        TestCertificates.WriteCertificatePem(temp.File("ca.crt"), ca);
        TestCertificates.WriteCertificatePem(temp.File("other-ca.crt"), otherCa);
        TestCertificates.WritePem(orchestratorLeaf, temp.File("orchestrator.crt"), temp.File("orchestrator.key"));
        TestCertificates.WritePem(workerLeaf, temp.File("worker.crt"), temp.File("worker.key"));
        TestCertificates.WritePem(foreignLeaf, temp.File("foreign.crt"), temp.File("foreign.key"));

        await RunAsync(temp,
            orchestratorTls: Tls(("CertificatePath", temp.File("orchestrator.crt")), ("KeyPath", temp.File("orchestrator.key")), ("CaPath", temp.File("ca.crt"))),
            workerTls: Tls(("CertificatePath", temp.File("worker.crt")), ("KeyPath", temp.File("worker.key")), ("CaPath", temp.File("ca.crt"))),
            refused: new()
            {
                // Trusts the cluster's CA but presents a leaf of another: the cluster's silos refuse it.
                ["foreign-worker"] = Tls(("CertificatePath", temp.File("foreign.crt")), ("KeyPath", temp.File("foreign.key")), ("CaPath", temp.File("ca.crt"))),
            });
    }

    private static async Task RunAsync(TempDirectory temp, Dictionary<string, string> orchestratorTls, Dictionary<string, string> workerTls,
        Dictionary<string, Dictionary<string, string>> refused)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        for (var i = 0; i < 20; i++) File.WriteAllText(Path.Combine(inputs, $"f{i:D2}.dat"), $"payload {i}\n");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        var artifacts = $"file://{temp.File("artifacts")}";
        // No worker slots in the orchestrator: every item done was handed over the silo port to the worker.
        using var orchestrator = ClusterProcess.Start(orchestratorTls, "serve", "--store", database.ConnectionString, "--artifacts", artifacts,
            "--input-root", inputs, "--token-file", temp.File("tokens"), "--urls", server, "--log-format", "text");
        using var worker = ClusterProcess.Start(workerTls, "worker", "--store", database.ConnectionString, "--artifacts", artifacts, "--slots", "2", "--log-format", "text");
        using var http = new HttpClient { BaseAddress = new Uri(server) };
        var client = new ClusterClient(http, Token);
        await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(client), "orchestrator ready", orchestrator);
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);

        await SubmitAndFinishAsync(http, store, "before", orchestrator, worker);
        Assert.Contains(await client.ListSilosAsync(), s => s.Role == "worker" && s.Status == "active");

        // The refused workers start together; each must stop by itself without ever having been active.
        var outsiders = refused.ToDictionary(r => r.Key, r => ClusterProcess.Start(
            new Dictionary<string, string>(r.Value) { ["Cluster__Silo__Name"] = r.Key },
            "worker", "--store", database.ConnectionString, "--artifacts", artifacts, "--slots", "2", "--log-format", "text"));
        try
        {
            foreach (var (name, process) in outsiders)
            {
                var code = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
                Assert.True(code != 0, $"{name} exited 0:\n{process.Output}");
                Assert.Contains("I have been told I am dead", process.Output);
            }
            var silos = await client.ListSilosAsync();
            foreach (var name in refused.Keys)
                Assert.All(silos.Where(s => s.Name == name), s => Assert.NotEqual("active", s.Status));
            // The cluster's silos refused the handshake (a plain silo's bytes are no TLS record; a foreign
            // certificate fails the trust check).
            Assert.Contains("TlsServerConnectionMiddleware", orchestrator.Output + worker.Output);

            // The cluster still works, with its own worker only.
            await SubmitAndFinishAsync(http, store, "after", orchestrator, worker);
            var workers = await store.ListWorkersAsync(TimeSpan.FromMinutes(5));
            Assert.Contains(workers, w => w.ProcessId == worker.Id);
            Assert.DoesNotContain(workers, w => outsiders.Values.Any(o => o.Id == w.ProcessId));
        }
        finally
        {
            foreach (var process in outsiders.Values) process.Dispose();
        }
    }

    private static async Task SubmitAndFinishAsync(HttpClient http, IWorkStore store, string run, ClusterProcess orchestrator, ClusterProcess worker)
    {
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent($"name: {run}\nkind: checksum\ninput: {{directory: ., glob: '*.dat'}}\n", Encoding.UTF8, "application/yaml"),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var response = await http.SendAsync(submit);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync(run))?.State.IsFinished() == true, $"run {run} finished", orchestrator);
        var finished = (await store.GetRunAsync(run))!;
        Assert.True(finished.State == RunState.Succeeded, $"run {run}: {finished.State}, {finished.Counts}\n{worker.Output}");
        Assert.Equal(20, finished.Counts.Done);
    }

    /// <summary>Environment variables <c>Cluster__Silo__Tls__X</c>, as the chart sets them.</summary>
    private static Dictionary<string, string> Tls(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => $"Cluster__Silo__Tls__{s.Key}", s => s.Value);
}
