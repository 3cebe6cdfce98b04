using System.Text.RegularExpressions;
using Cluster.TestSupport;

namespace Cluster.Deployment.Tests;

/// <summary>
/// The Helm chart without helm (not installable here): its YAML and JSON parse, the Go templates are balanced, every
/// <c>.Values</c> path they use exists, every value is used and documented, and values.yaml validates against
/// values.schema.json with an independent validator (Debian's python3-jsonschema).
/// </summary>
public sealed partial class HelmChartTests
{
    private static readonly string Chart = Path.Combine(RepositoryPaths.Root, "helm", "cluster");
    private static readonly string Templates = Path.Combine(Chart, "templates");

    private static Dictionary<string, object?> Values => YamlFiles.LoadMap(Path.Combine(Chart, "values.yaml"));

    private static IEnumerable<(string Name, string Text)> TemplateFiles() =>
        Directory.EnumerateFiles(Templates).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    [Fact]
    public void Chart_yaml_and_values_parse_and_name_the_chart()
    {
        var chart = YamlFiles.LoadMap(Path.Combine(Chart, "Chart.yaml"));
        Assert.Equal(("v2", "cluster", "application"), ((string?)chart["apiVersion"], (string?)chart["name"], (string?)chart["type"]));
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string)chart["version"]!);
        Assert.NotEmpty(Values);
        Assert.True(File.Exists(Path.Combine(Templates, "NOTES.txt")));
    }

    [Fact]
    public void Templates_have_balanced_actions_and_blocks()
    {
        foreach (var (name, text) in TemplateFiles())
        {
            Assert.True(Regex.Matches(text, @"\{\{").Count == Regex.Matches(text, @"\}\}").Count, $"{name}: unbalanced {{{{ }}}}");
            var depth = 0;
            foreach (Match action in ChartSkeleton.BlockAction().Matches(text))
            {
                var word = action.Groups["word"].Value;
                if (word is "if" or "range" or "with" or "define") depth++;
                else if (word == "end") depth--;
                Assert.True(depth >= 0, $"{name}: 'end' without a block at offset {action.Index}");
            }
            Assert.True(depth == 0, $"{name}: {depth} blocks not closed");
        }
    }

    [Fact]
    public void Every_values_path_used_by_a_template_exists_in_values_yaml()
    {
        var values = Values;
        var used = UsedValuePaths();
        Assert.NotEmpty(used);
        var missing = used.Where(p => !YamlFiles.Has(values, p)).ToList();
        Assert.True(missing.Count == 0, $"templates use paths missing from values.yaml: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_value_is_used_by_a_template_and_documented_in_the_chart_readme()
    {
        var used = UsedValuePaths();
        var readme = File.ReadAllText(Path.Combine(Chart, "README.md"));
        var leaves = YamlFiles.LeafPaths(Values).ToList();
        Assert.True(leaves.Count > 50, $"only {leaves.Count} values");
        // A leaf counts as used when a template names it or one of its ancestors (toYaml .Values.x passes the subtree on).
        var unused = leaves.Where(leaf => !used.Any(u => leaf == u || leaf.StartsWith(u + ".", StringComparison.Ordinal))).ToList();
        Assert.True(unused.Count == 0, $"values no template uses: {string.Join(", ", unused)}");
        // Free-form subtrees (podSecurityContext, resources) are documented by their root's row.
        var undocumented = leaves.Where(leaf => !SelfAndAncestors(leaf).Any(p => readme.Contains($"| `{p}` |", StringComparison.Ordinal))).ToList();
        Assert.True(undocumented.Count == 0, $"values missing from helm/cluster/README.md: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public void Values_yaml_validates_against_the_schema_and_the_schema_rejects_bad_values()
    {
        const string validate = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft7Validator.check_schema(schema)
            values = yaml.safe_load(open(sys.argv[2]))
            jsonschema.validate(values, schema)
            bad = [("worker", "slots", 0), ("config", "logFormat", "xml"), ("worker", "drainSeconds", "sixty"), ("orchestrator", "replicas", 2),
                   ("silo", "port", 70000), ("silo", "gatewayPort", 30000), ("orchestrator", "terminationGracePeriodSeconds", 30),
                   ("silo", "tls", {"enabled": True, "secretName": ""}), ("silo", "tls", {"enabled": "yes"})]
            rejected = []
            for section, key, value in bad:
                broken = json.loads(json.dumps(values))
                broken[section][key] = value
                try:
                    jsonschema.validate(broken, schema)
                except jsonschema.ValidationError:
                    rejected.append(f"{section}.{key}" + (f"={json.dumps(value, sort_keys=True)}" if isinstance(value, dict) else ""))
            print(",".join(rejected))
            """;
        var rejected = Python.Run(validate, Path.Combine(Chart, "values.schema.json"), Path.Combine(Chart, "values.yaml")).Trim();
        Assert.Equal("worker.slots,config.logFormat,worker.drainSeconds,orchestrator.replicas,silo.port,silo.gatewayPort,orchestrator.terminationGracePeriodSeconds," +
            "silo.tls={\"enabled\": true, \"secretName\": \"\"},silo.tls={\"enabled\": \"yes\"}", rejected);
    }

    [Fact]
    public void Workers_grace_period_follows_the_drain_and_probes_use_the_health_endpoints()
    {
        var worker = File.ReadAllText(Path.Combine(Templates, "worker-deployment.yaml"));
        Assert.Contains("terminationGracePeriodSeconds: {{ add .Values.worker.drainSeconds 15 }}", worker);
        Assert.Contains("path: /healthz", worker);
        var orchestrator = File.ReadAllText(Path.Combine(Templates, "orchestrator-deployment.yaml"));
        Assert.Contains("path: /healthz", orchestrator);
        Assert.Contains("path: /readyz", orchestrator);
        // The worker reads its drain from the rendered config, so the grace period and the drain cannot disagree.
        Assert.Contains("\"DrainSeconds\": {{ .Values.worker.drainSeconds }}", File.ReadAllText(Path.Combine(Templates, "configmap.yaml")));
    }

    [Fact]
    public void Keda_trigger_is_one_line_over_the_queue_depth_view_of_migration_0003()
    {
        var scaled = File.ReadAllText(Path.Combine(Templates, "worker-scaledobject.yaml"));
        Assert.Contains("type: postgresql", scaled);
        Assert.Contains($"query: \"{QueueDepthQuery.Text}\"", scaled);
        Assert.Contains("targetQueryValue: {{ .Values.worker.slots | quote }}", scaled);
        Assert.Contains("minReplicaCount: {{ $keda.minReplicaCount }}", scaled);
        foreach (var dialect in new[] { "Postgres", "Sqlite" })
        {
            var migration = Path.Combine(RepositoryPaths.Root, "src", "Cluster.Storage", "Migrations", dialect, "0003_queue_depth_view.sql");
            Assert.Contains("CREATE VIEW queue_depth", File.ReadAllText(migration));
        }
        // Without KEDA an HPA on CPU; never both.
        var hpa = File.ReadAllText(Path.Combine(Templates, "worker-hpa.yaml"));
        Assert.StartsWith("{{- if and (not .Values.worker.autoscaling.keda.enabled) .Values.worker.autoscaling.hpa.enabled }}", hpa);
    }

    /// <summary>.Values paths, with <c>$x := .Values.a.b</c> aliases resolved (<c>$x.c</c> is <c>a.b.c</c>).</summary>
    private static HashSet<string> UsedValuePaths()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, text) in TemplateFiles())
        {
            var aliases = Alias().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["path"].Value);
            // An alias definition names a subtree without using all of it: only its $alias.x uses count.
            foreach (Match m in ValuesPath().Matches(Alias().Replace(text, ""))) used.Add(m.Groups["path"].Value);
            foreach (Match m in AliasUse().Matches(text))
                if (aliases.TryGetValue(m.Groups["name"].Value, out var path)) used.Add($"{path}.{m.Groups["rest"].Value}");
        }
        return used;
    }

    private static IEnumerable<string> SelfAndAncestors(string path)
    {
        for (var p = path; p.Length > 0; p = p.Contains('.') ? p[..p.LastIndexOf('.')] : "")
            yield return p;
    }

    [GeneratedRegex(@"\.Values\.(?<path>[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"\$(?<name>[A-Za-z][A-Za-z0-9_]*)\s*:=\s*\.Values\.(?<path>[A-Za-z0-9_.]+)")]
    private static partial Regex Alias();

    [GeneratedRegex(@"\$(?<name>[A-Za-z][A-Za-z0-9_]*)\.(?<rest>[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)")]
    private static partial Regex AliasUse();
}
