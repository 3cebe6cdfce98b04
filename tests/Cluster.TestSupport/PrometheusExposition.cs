using System.Globalization;
using System.Text.Json;

namespace Cluster.TestSupport;

/// <summary>
/// A /metrics body parsed by an independent reader: the official Python client's parser (Debian's
/// python3-prometheus-client), which rejects malformed exposition text. Every family must declare its type.
/// </summary>
public sealed class PrometheusExposition
{
    private const string Parser = """
        import json, sys
        if sys.argv[2] == "openmetrics":
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
        else:
            from prometheus_client.parser import text_string_to_metric_families
        text = open(sys.argv[1], encoding="utf-8").read()
        families = []
        for family in text_string_to_metric_families(text):
            families.append({"name": family.name, "type": family.type, "help": family.documentation,
                             "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]})
        print(json.dumps(families))
        """;

    /// <summary>What Prometheus asks for when it scrapes (it prefers OpenMetrics).</summary>
    public const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private PrometheusExposition(IReadOnlyList<Family> families) => Families = families;

    public IReadOnlyList<Family> Families { get; }

    /// <param name="openMetrics">Parse as OpenMetrics 1.0 (the parser requires its <c># EOF</c> and unit rules) instead of text 0.0.4.</param>
    public static PrometheusExposition Parse(string text, bool openMetrics = false)
    {
        var file = Path.Combine(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.txt");
        File.WriteAllText(file, text);
        try
        {
            using var json = JsonDocument.Parse(Python.Run(Parser, file, openMetrics ? "openmetrics" : "text"));
            var families = json.RootElement.EnumerateArray().Select(f => new Family(
                f.GetProperty("name").GetString()!, f.GetProperty("type").GetString()!, f.GetProperty("help").GetString()!,
                f.GetProperty("samples").EnumerateArray().Select(s => new Sample(
                    s.GetProperty("name").GetString()!,
                    s.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                    s.GetProperty("value").ValueKind == JsonValueKind.Number ? s.GetProperty("value").GetDouble()
                        : double.Parse(s.GetProperty("value").GetString()!, CultureInfo.InvariantCulture))).ToList())).ToList();
            var untyped = families.Where(f => f.Type == "unknown").Select(f => f.Name).ToList();
            if (untyped.Count > 0) throw new InvalidOperationException($"families without # TYPE: {string.Join(", ", untyped)}");
            return new PrometheusExposition(families);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The one sample of that name whose labels include all of <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples(name, labels);
        return matches.Count == 1
            ? matches[0].Value
            : throw new InvalidOperationException($"{matches.Count} samples {name}{{{string.Join(",", labels.Select(l => $"{l.Name}={l.Value}"))}}}");
    }

    /// <summary>
    /// The declared type of the family that holds samples named <paramref name="sampleName"/> (the parser names a
    /// counter's family without <c>_total</c> and a histogram's without <c>_bucket</c>, <c>_sum</c>, <c>_count</c>).
    /// </summary>
    public string TypeOf(string sampleName)
    {
        var families = Families.Where(f => f.Samples.Any(s => s.Name == sampleName)).ToList();
        return families.Count == 1 ? families[0].Type : throw new InvalidOperationException($"{families.Count} families hold samples {sampleName}");
    }

    /// <summary>Every sample of that name whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<Sample> Samples(string name, params (string Name, string Value)[] labels) =>
        Families.SelectMany(f => f.Samples).Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();

    public sealed record Family(string Name, string Type, string Help, IReadOnlyList<Sample> Samples);

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
