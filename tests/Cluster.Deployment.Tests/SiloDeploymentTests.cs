using System.Text.RegularExpressions;
using Cluster.Grains.Hosting;
using Cluster.TestSupport;
using Microsoft.Extensions.Hosting;

namespace Cluster.Deployment.Tests;

/// <summary>
/// The chart, the local stack and the image run orchestrators and workers as silos of one Orleans cluster: the same
/// cluster id, a fixed silo port declared and let through between the silos only, an address the others reach, no
/// gateway, grace periods above the hosts' stop budgets. The chart is read through <see cref="ChartSkeleton"/>.
/// </summary>
public sealed class SiloDeploymentTests
{
    private static readonly Dictionary<string, object?> Values = YamlFiles.LoadMap(Path.Combine(RepositoryPaths.Root, "helm", "cluster", "values.yaml"));

    private static readonly Dictionary<string, object?> Compose = YamlFiles.LoadMap(Path.Combine(RepositoryPaths.Root, "docker", "compose.yaml"));

    private static readonly string[] Components = ["orchestrator", "worker"];

    [Fact]
    public void Both_deployments_are_silos_of_one_cluster_on_the_fixed_port_at_the_pod_ip_named_after_the_pod()
    {
        Assert.Equal("11111", YamlFiles.At(Values, "silo.port"));
        var siloSettings = new List<Dictionary<string, string>>();
        foreach (var component in Components)
        {
            var pod = PodTemplate(component);
            var container = Map(List(YamlFiles.At(pod, "spec.containers"))[0]);
            var ports = List(container["ports"]).Select(Map).ToDictionary(p => (string)p["name"]!, p => (string)p["containerPort"]!);
            Assert.Equal("11111", ports["silo"]);
            Assert.DoesNotContain(ports.Keys, name => name.Contains("gateway", StringComparison.OrdinalIgnoreCase));

            var env = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]!);
            Assert.Equal("status.podIP", YamlFiles.At(env["POD_IP"], "valueFrom.fieldRef.fieldPath"));
            Assert.Equal("metadata.name", YamlFiles.At(env["POD_NAME"], "valueFrom.fieldRef.fieldPath"));
            var silo = env.Where(e => e.Key.StartsWith("Cluster__Silo__", StringComparison.Ordinal))
                .ToDictionary(e => e.Key, e => (string)e.Value["value"]!);
            // The skeleton keeps every branch: the TLS files are set only with silo.tls.enabled (and CaPath with trustCa).
            Assert.Equal(["Cluster__Silo__ClusterId", "Cluster__Silo__Port", "Cluster__Silo__Tls__CaPath", "Cluster__Silo__Tls__CertificatePath", "Cluster__Silo__Tls__KeyPath"],
                silo.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("11111", silo["Cluster__Silo__Port"]);
            // No advertised address: the silo then takes POD_IP (ClusterSiloOptions.AdvertisedAddress).
            AssertBindsToSiloOptions(silo.Keys);
            // The cluster id the silos join is the one the pods are labelled with.
            Assert.Equal(silo["Cluster__Silo__ClusterId"], Map(YamlFiles.At(pod, "metadata.labels"))["orleans/clusterId"]);
            siloSettings.Add(silo);
        }
        Assert.Equal(siloSettings[0], siloSettings[1]);
        Assert.Equal("<include 'cluster.clusterId' . | quote>", siloSettings[0]["Cluster__Silo__ClusterId"]);
        Assert.Contains(".Values.silo.clusterId", Regex.Match(File.ReadAllText(Helpers), @"define ""cluster.clusterId"" -\}\}\n(?<body>[^\n]+)").Groups["body"].Value);
    }

    [Fact]
    public void Silo_tls_points_both_roles_at_the_files_of_the_one_mounted_tls_secret()
    {
        Assert.Equal("false", YamlFiles.At(Values, "silo.tls.enabled"));
        foreach (var component in Components)
        {
            var pod = PodTemplate(component);
            var container = Map(List(YamlFiles.At(pod, "spec.containers"))[0]);
            var env = List(container["env"]).Select(Map).ToDictionary(e => (string)e["name"]!, e => e.TryGetValue("value", out var v) ? v as string : null);
            var mount = List(container["volumeMounts"]).Select(Map).Single(m => (string?)m["name"] == "silo-tls");
            Assert.Equal("true", mount["readOnly"]);
            var directory = (string)mount["mountPath"]!;
            // The key names of a kubernetes.io/tls Secret (cert-manager adds ca.crt), in the mounted directory.
            Assert.Equal($"{directory}/tls.crt", env["Cluster__Silo__Tls__CertificatePath"]);
            Assert.Equal($"{directory}/tls.key", env["Cluster__Silo__Tls__KeyPath"]);
            Assert.Equal($"{directory}/ca.crt", env["Cluster__Silo__Tls__CaPath"]);
            var volume = List(YamlFiles.At(pod, "spec.volumes")).Select(Map).Single(v => (string?)v["name"] == "silo-tls");
            Assert.Contains(".Values.silo.tls.secretName", (string)YamlFiles.At(volume, "secret.secretName")!);
        }
        // Mounted and set only when enabled; the CA only when trusted.
        var helpers = File.ReadAllText(Helpers);
        Assert.Equal(3, Regex.Matches(helpers, @"\{\{- if \.Values\.silo\.tls\.enabled \}\}").Count);
        Assert.Matches(@"\{\{- if \.Values\.silo\.tls\.trustCa \}\}\n- name: Cluster__Silo__Tls__CaPath", helpers);
    }

    [Fact]
    public void Orchestrators_run_two_replicas_under_a_disruption_budget_and_workers_scale_to_zero_on_the_queue()
    {
        var orchestrator = Deployment("orchestrator");
        Assert.Equal("2", YamlFiles.At(orchestrator, "spec.replicas"));
        var pdb = ChartSkeleton.Load("orchestrator-pdb.yaml").Single();
        Assert.Equal(("policy/v1", "PodDisruptionBudget"), ((string?)pdb["apiVersion"], (string?)pdb["kind"]));
        Assert.Equal("1", YamlFiles.At(pdb, "spec.minAvailable"));
        Assert.Equal("true", YamlFiles.At(Values, "orchestrator.podDisruptionBudget.enabled"));
        // The budget selects exactly the orchestrator pods, never the workers.
        var selector = Map(YamlFiles.At(pdb, "spec.selector.matchLabels"));
        Assert.Equal(Map(YamlFiles.At(orchestrator, "spec.selector.matchLabels")), selector);
        Assert.Equal("orchestrator", selector["app.kubernetes.io/component"]);
        Assert.True(Selects(selector, Map(YamlFiles.At(PodTemplate("orchestrator"), "metadata.labels"))));
        Assert.False(Selects(selector, Map(YamlFiles.At(PodTemplate("worker"), "metadata.labels"))));

        var scaled = ChartSkeleton.Load("worker-scaledobject.yaml").Single(d => (string?)d["kind"] == "ScaledObject");
        Assert.Equal(YamlFiles.At(Deployment("worker"), "metadata.name"), YamlFiles.At(scaled, "spec.scaleTargetRef.name"));
        Assert.Equal("0", YamlFiles.At(Values, "worker.autoscaling.keda.minReplicaCount"));
        var trigger = Map(List(YamlFiles.At(scaled, "spec.triggers"))[0]);
        Assert.Equal(QueueDepthQuery.Text, YamlFiles.At(trigger, "metadata.query"));
    }

    [Fact]
    public void Grace_periods_outlast_the_hosts_stop_budgets()
    {
        // The orchestrator host keeps the default shutdown budget, in which the silo leaves the membership.
        var hostBudget = new HostOptions().ShutdownTimeout.TotalSeconds;
        var orchestratorGrace = int.Parse((string)YamlFiles.At(PodTemplate("orchestrator"), "spec.terminationGracePeriodSeconds")!);
        Assert.True(orchestratorGrace > hostBudget, $"orchestrator grace {orchestratorGrace} s <= host budget {hostBudget} s");
        Assert.Equal("<add .Values.worker.drainSeconds 15>", YamlFiles.At(PodTemplate("worker"), "spec.terminationGracePeriodSeconds"));
        // The worker host allows drain + 10 s (WorkerApp); the pod drain + 15 s.
        Assert.Contains("TimeSpan.FromSeconds(worker.Value.DrainSeconds + 10)",
            File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "Cluster.WorkerHost", "WorkerApp.cs")));

        var composeGrace = Seconds((string)YamlFiles.At(Service("orchestrator"), "stop_grace_period")!);
        Assert.True(composeGrace > hostBudget, $"compose orchestrator stop_grace_period {composeGrace} s <= host budget {hostBudget} s");
    }

    [Fact]
    public void Network_policies_let_the_silo_port_through_between_this_releases_silos_only()
    {
        var policies = ChartSkeleton.Load("networkpolicy.yaml");
        Assert.Equal(2, policies.Count);
        var podLabels = Components.Select(c => Map(YamlFiles.At(PodTemplate(c), "metadata.labels"))).ToList();
        foreach (var policy in policies)
        {
            var siloRules = List(YamlFiles.At(policy, "spec.ingress")).Select(Map)
                .Where(rule => List(rule["ports"]).Select(Map).Any(p => (string?)p["port"] == "silo")).ToList();
            var rule = Assert.Single(siloRules);
            Assert.Equal(["silo"], List(rule["ports"]).Select(p => (string)Map(p)["port"]!));
            var from = Map(Assert.Single(List(rule["from"])));
            var selector = Map(YamlFiles.At(from, "podSelector.matchLabels"));
            Assert.Contains("orleans/clusterId", selector.Keys);
            // Both Deployments' pods match: orchestrators and workers reach each other, in both directions.
            Assert.All(podLabels, labels => Assert.True(Selects(selector, labels), $"{policy["metadata"]}: silo rule misses pods labelled {string.Join(",", labels)}"));
        }
    }

    [Fact]
    public void Compose_silos_advertise_their_own_host_names_address_on_one_unpublished_port()
    {
        var settings = new List<Dictionary<string, string>>();
        foreach (var name in Components)
        {
            var service = Service(name);
            var silo = ((Dictionary<string, object?>)service["environment"]!)
                .Where(e => e.Key.StartsWith("Cluster__Silo__", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => (string)e.Value!);
            Assert.Equal(ClusterSilo.OwnHostName, silo["Cluster__Silo__AdvertisedAddress"]);
            AssertBindsToSiloOptions(silo.Keys);
            var port = silo["Cluster__Silo__Port"];
            Assert.Equal([port], List(service["expose"]).Cast<string>());
            var published = service.TryGetValue("ports", out var p) ? List(p).Cast<string>().ToList() : [];
            Assert.DoesNotContain(published, mapping => mapping.Split(':')[^1] == port);
            // A fixed host or container name would make the replicas share a name; each must resolve to itself.
            Assert.False(service.ContainsKey("hostname") || service.ContainsKey("container_name"), $"{name} fixes its host name");
            settings.Add(silo);
        }
        Assert.Equal(settings[0], settings[1]);
        Assert.Equal("2", YamlFiles.At(Service("worker"), "deploy.replicas"));
        Assert.Equal(YamlFiles.At(Values, "silo.port"), settings[0]["Cluster__Silo__Port"]);
    }

    [Fact]
    public void The_image_exposes_the_silo_port_the_chart_and_the_stack_use()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docker", "Dockerfile"));
        var exposed = Regex.Match(dockerfile, @"(?m)^EXPOSE (?<ports>[0-9 ]+)$").Groups["ports"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains((string)YamlFiles.At(Values, "silo.port")!, exposed);
        Assert.Contains((string)List(Service("worker")["expose"])[0]!, exposed);
        Assert.Contains((string)YamlFiles.At(Values, "orchestrator.port")!, exposed);
        Assert.Contains((string)YamlFiles.At(Values, "worker.metricsPort")!, exposed);
    }

    private static string Helpers => Path.Combine(RepositoryPaths.Root, "helm", "cluster", "templates", "_helpers.tpl");

    private static Dictionary<string, object?> Deployment(string component) => ChartSkeleton.Load($"{component}-deployment.yaml").Single();

    private static Dictionary<string, object?> PodTemplate(string component) => Map(YamlFiles.At(Deployment(component), "spec.template"));

    private static Dictionary<string, object?> Service(string name) => Map(YamlFiles.At(Compose, $"services.{name}"));

    private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);

    private static List<object?> List(object? node) => Assert.IsType<List<object?>>(node);

    /// <summary>A label selector (matchLabels) selects a pod when every one of its labels is on the pod with its value.</summary>
    private static bool Selects(Dictionary<string, object?> selector, Dictionary<string, object?> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var value) && Equals(value, s.Value));

    /// <summary>
    /// <c>Cluster__Silo__X</c> (or <c>Cluster__Silo__Tls__Y</c>) binds only when it names a property of
    /// <see cref="ClusterSiloOptions"/>, nested ones too (a typo is silently ignored).
    /// </summary>
    private static void AssertBindsToSiloOptions(IEnumerable<string> variables)
    {
        foreach (var variable in variables)
        {
            var type = typeof(ClusterSiloOptions);
            foreach (var name in variable["Cluster__Silo__".Length..].Split("__"))
            {
                var property = type.GetProperty(name);
                Assert.True(property is not null, $"{variable}: {type.Name} has no property {name}");
                type = property.PropertyType;
            }
        }
    }

    private static int Seconds(string duration) => int.Parse(Regex.Match(duration, @"^(\d+)s$").Groups[1].Value);
}
