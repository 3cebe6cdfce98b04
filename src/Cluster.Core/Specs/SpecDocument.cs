using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cluster.Core.Specs;

/// <summary>
/// A parsed YAML or JSON document as a JSON tree, plus the line each field came from, so that validation can say
/// <c>line 7: params.lframes: must be a power of two</c>. JSON is read by the same YAML parser.
/// </summary>
public sealed class SpecDocument
{
    private readonly Dictionary<string, int> _lines;

    private SpecDocument(JsonNode? root, Dictionary<string, int> lines)
    {
        Root = root;
        _lines = lines;
    }

    public JsonNode? Root { get; }

    /// <summary>The line of a field path such as <c>params.lframes</c> or <c>input.items[2]</c>; 0 when unknown.</summary>
    public int LineOf(string field)
    {
        for (var path = field; path.Length > 0; path = Parent(path))
        {
            if (_lines.TryGetValue(path, out var line)) return line;
        }
        return 0;
    }

    public static SpecDocument Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new HostileYamlGuard(new Parser(new StringReader(text))));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new JobSpecException([new SpecError("spec", (int)e.Start.Line, $"not valid YAML or JSON: {Reason(reason)}")]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet 16.3 throws this, without a position, for a flow collection left open at the end of the document.
            throw new JobSpecException([new SpecError("spec", 0, $"not valid YAML or JSON: {e.Message}")]);
        }
        if (stream.Documents.Count == 0)
            throw new JobSpecException([new SpecError("spec", 1, "the document is empty")]);
        if (stream.Documents.Count > 1)
            throw new JobSpecException([new SpecError("spec", (int)stream.Documents[1].RootNode.Start.Line, "one job spec per document")]);
        var lines = new Dictionary<string, int>();
        var root = Convert(stream.Documents[0].RootNode, "", lines);
        return new SpecDocument(root, lines);
    }

    private static JsonNode? Convert(YamlNode node, string path, Dictionary<string, int> lines)
    {
        if (path.Length > 0) lines[path] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var key = (keyNode as YamlScalarNode)?.Value
                        ?? throw new JobSpecException([new SpecError(path.Length > 0 ? path : "spec", (int)keyNode.Start.Line, "keys must be plain names")]);
                    var child = path.Length > 0 ? $"{path}.{key}" : key;
                    if (obj.ContainsKey(key))
                        throw new JobSpecException([new SpecError(child, (int)keyNode.Start.Line, "appears twice")]);
                    obj[key] = Convert(valueNode, child, lines);
                    lines[child] = (int)keyNode.Start.Line;
                }
                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var i = 0;
                foreach (var element in sequence.Children)
                    array.Add(Convert(element, $"{path}[{i++}]", lines));
                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new JobSpecException([new SpecError(path, (int)node.Start.Line, "aliases are not supported")]);
        }
    }

    /// <summary>Plain scalars get YAML's core types; quoted scalars stay strings.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "";
    }

    private static string Reason(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the line is reported separately.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return cut >= 0 ? message[(cut + 3)..] : message;
    }
}
