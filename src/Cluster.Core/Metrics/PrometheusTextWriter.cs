using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cluster.Core.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4): per metric family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples. Written by hand because no Prometheus client package is obtainable here;
/// names, label names and escaping follow the format's rules, and a name that breaks them is a programming error.
/// </summary>
public sealed partial class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private string? _current;

    /// <summary>Starts a family; its samples must follow before the next family starts.</summary>
    /// <param name="type">counter, gauge or histogram.</param>
    public PrometheusTextWriter Family(string name, string type, string help)
    {
        if (!MetricName().IsMatch(name)) throw new ArgumentException($"metric name '{name}' is not valid", nameof(name));
        if (type is not ("counter" or "gauge" or "histogram")) throw new ArgumentException($"metric type '{type}' is not supported", nameof(type));
        if (!_families.Add(name)) throw new InvalidOperationException($"metric family '{name}' written twice");
        _current = name;
        _text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\").Replace("\n", "\\n")).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample of the current family; <paramref name="name"/> is the family name or, for histograms, its _bucket/_sum/_count.</summary>
    public PrometheusTextWriter Sample(string name, double value, params (string Name, string Value)[] labels)
    {
        if (_current is null || !(name == _current || name.StartsWith(_current + "_", StringComparison.Ordinal)))
            throw new InvalidOperationException($"sample '{name}' written outside its family (current: {_current ?? "none"})");
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (!LabelName().IsMatch(labels[i].Name)) throw new ArgumentException($"label name '{labels[i].Name}' is not valid", nameof(labels));
                if (i > 0) _text.Append(',');
                _text.Append(labels[i].Name).Append("=\"").Append(EscapeLabelValue(labels[i].Value)).Append('"');
            }
            _text.Append('}');
        }
        _text.Append(' ').Append(FormatValue(value)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
