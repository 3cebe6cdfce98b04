using System.Text.RegularExpressions;
using Cluster.TestSupport;

namespace Cluster.Deployment.Tests;

/// <summary>The local stack without Docker Compose (not installed here): structure, dependencies, health checks, settings.</summary>
public sealed class ComposeTests
{
    private static readonly string ComposeFile = Path.Combine(RepositoryPaths.Root, "docker", "compose.yaml");

    private static Dictionary<string, object?> Services =>
        (Dictionary<string, object?>)YamlFiles.LoadMap(ComposeFile)["services"]!;

    private static Dictionary<string, object?> Service(string name) => (Dictionary<string, object?>)Services[name]!;

    [Fact]
    public void The_stack_has_postgres_minio_its_bucket_an_orchestrator_and_two_workers()
    {
        Assert.Superset(new HashSet<string> { "postgres", "minio", "minio-bucket", "orchestrator", "worker" }, Services.Keys.ToHashSet());
        Assert.Equal("2", YamlFiles.At(Service("worker"), "deploy.replicas"));
        var bucket = string.Join(" ", (List<object?>)Service("minio-bucket")["command"]!);
        Assert.Contains("mc mb --ignore-existing local/cluster-artifacts", bucket);
        Assert.Equal("s3://cluster-artifacts/", Environment(Service("orchestrator"))["CLUSTER_ARTIFACTS"]);
    }

    [Fact]
    public void Every_dependency_exists_and_waits_on_a_health_check_or_a_one_shot_exit()
    {
        foreach (var (name, definition) in Services)
        {
            if (((Dictionary<string, object?>)definition!).GetValueOrDefault("depends_on") is not Dictionary<string, object?> dependencies) continue;
            foreach (var (target, condition) in dependencies)
            {
                Assert.True(Services.ContainsKey(target), $"{name} depends on missing service {target}");
                var wanted = (string)((Dictionary<string, object?>)condition!)["condition"]!;
                if (wanted == "service_healthy")
                    Assert.True(Service(target).ContainsKey("healthcheck"), $"{name} waits for {target} to be healthy, which has no health check");
                else
                    Assert.Equal(("service_completed_successfully", "no"), (wanted, (string?)Service(target).GetValueOrDefault("restart")));
            }
        }
        Assert.Equal("service_healthy", YamlFiles.At(Service("orchestrator"), "depends_on.postgres.condition"));
        Assert.Equal("service_completed_successfully", YamlFiles.At(Service("orchestrator"), "depends_on.minio-bucket.condition"));
    }

    [Fact]
    public void Cluster_services_get_the_settings_the_processes_read_and_workers_outlive_their_drain()
    {
        foreach (var name in new[] { "orchestrator", "worker" })
        {
            var env = Environment(Service(name));
            foreach (var variable in new[] { "CLUSTER_STORE", "CLUSTER_ARTIFACTS", "CLUSTER_INPUT_ROOTS", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY" })
                Assert.True(env.ContainsKey(variable), $"{name} lacks {variable}");
            Assert.StartsWith("postgres://cluster:", env["CLUSTER_STORE"]);
            Assert.Equal("../docker/Dockerfile", Path.Combine("..", (string)YamlFiles.At(Service(name), "build.dockerfile")!));
        }
        Assert.True(Environment(Service("orchestrator")).ContainsKey("CLUSTER_TOKENS"));
        var workerCommand = ((List<object?>)Service("worker")["command"]!).Cast<string>().ToList();
        var drain = int.Parse(workerCommand[workerCommand.IndexOf("--drain-seconds") + 1]);
        var grace = int.Parse(Regex.Match((string)Service("worker")["stop_grace_period"]!, @"^(\d+)s$").Groups[1].Value);
        Assert.True(grace >= drain + 10, $"stop_grace_period {grace}s leaves no time after the {drain}s drain");
        Assert.Contains("--metrics-urls", workerCommand);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docker", "Dockerfile")));
    }

    private static Dictionary<string, string> Environment(Dictionary<string, object?> service) =>
        ((Dictionary<string, object?>)service["environment"]!).ToDictionary(e => e.Key, e => (string)e.Value!);
}
