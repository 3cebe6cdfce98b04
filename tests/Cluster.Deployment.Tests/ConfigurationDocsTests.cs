using System.Reflection;
using Cluster.Grains.Hosting;
using Cluster.Orchestrator;
using Cluster.TestSupport;
using Cluster.WorkerHost;

namespace Cluster.Deployment.Tests;

/// <summary>docs/configuration.md is the one table of settings: every option of both processes (and of their silos) is in it.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void Every_orchestrator_and_worker_option_has_a_row_in_the_configuration_table()
    {
        var table = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));
        var options = typeof(OrchestratorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Concat(typeof(WorkerHostOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Select(p => p.Name).Distinct().Where(name => name != nameof(OrchestratorOptions.Silo))
            // Both hosts bind Cluster:Silo; the membership connection is not a setting: the hosts derive it from the store.
            .Concat(typeof(ClusterSiloOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.Name is not (nameof(ClusterSiloOptions.MembershipConnection) or nameof(ClusterSiloOptions.Tls))).Select(p => $"Silo:{p.Name}"))
            // The TLS section's settings, each (Enabled is derived from CertificatePath, not a setting).
            .Concat(typeof(SiloTlsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite).Select(p => $"Silo:Tls:{p.Name}"))
            .ToList();
        Assert.Contains("DrainSeconds", options);
        Assert.Contains("Silo:AdvertisedAddress", options);
        Assert.Contains("Silo:Tls:CaPath", options);
        var missing = options.Where(name => !table.Contains($"`Cluster:{name}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/configuration.md lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_shipped_appsettings_json_parses_and_sets_only_documented_keys()
    {
        var file = Path.Combine(RepositoryPaths.Root, "src", "Cluster.Cli", "appsettings.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var table = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));
        foreach (var setting in json.RootElement.GetProperty("Cluster").EnumerateObject())
            Assert.Contains($"`Cluster:{setting.Name}`", table);
    }
}
