using System.Text.RegularExpressions;
using Cluster.TestSupport;

namespace Cluster.Deployment.Tests;

/// <summary>
/// A chart template's YAML structure without helm (not installable here): <c>include ... | nindent N</c> lines are
/// replaced by the named template's body, plain <c>.Values.a.b</c> actions (optionally <c>| quote</c>) by the default
/// from values.yaml, lines holding only a control action (<c>if</c>, <c>with</c>, <c>end</c>, <c>toYaml</c> ...) are
/// dropped, so every branch is kept, and any other action stays as a <c>&lt;action&gt;</c> placeholder.
/// </summary>
internal static partial class ChartSkeleton
{
    private static readonly string Chart = Path.Combine(RepositoryPaths.Root, "helm", "cluster");

    /// <summary>The documents of one template file (empty ones, such as a disabled block's, left out).</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Load(string template)
    {
        var text = Render(File.ReadAllText(Path.Combine(Chart, "templates", template)));
        return text.Split("\n---\n").Select(Parse).OfType<Dictionary<string, object?>>().ToList();
    }

    /// <summary>The body of a <c>define</c> in _helpers.tpl, rendered like a template.</summary>
    public static object? Define(string name) => Parse(Render(DefineBody(name)));

    private static object? Parse(string yaml)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, yaml);
            return YamlFiles.LoadAll(file).SingleOrDefault();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Render(string text)
    {
        var values = YamlFiles.LoadMap(Path.Combine(Chart, "values.yaml"));
        for (var depth = 0; IncludeLine().IsMatch(text); depth++)
        {
            Assert.True(depth < 10, "includes nest more than 10 deep");
            text = IncludeLine().Replace(text, m =>
            {
                var indent = new string(' ', int.Parse(m.Groups["indent"].Value));
                var body = WithArguments(DefineBody(m.Groups["name"].Value), m.Groups["dict"].Value);
                return string.Join('\n', body.Split('\n').Select(line => line.Length == 0 ? line : indent + line));
            });
        }
        text = ControlLine().Replace(text, "");
        return InlineAction().Replace(text, m =>
        {
            var action = m.Groups["action"].Value.Trim();
            var plain = PlainValue().Match(action);
            if (plain.Success && YamlFiles.Has(values, plain.Groups["path"].Value))
            {
                var value = YamlFiles.At(values, plain.Groups["path"].Value) as string ?? "";
                return plain.Groups["quote"].Success ? $"\"{value}\"" : value;
            }
            return $"<{action.Replace('"', '\'')}>";
        });
    }

    /// <summary>
    /// A body called with <c>(dict "root" . "component" "worker")</c>: <c>{{ .component }}</c> becomes <c>worker</c>
    /// and <c>.root</c> the caller's <c>.</c>.
    /// </summary>
    private static string WithArguments(string body, string dict)
    {
        foreach (Match pair in DictPair().Matches(dict))
            body = Regex.Replace(body, @"\{\{-?\s*\." + pair.Groups["key"].Value + @"\s*-?\}\}", pair.Groups["value"].Value);
        return dict.Length == 0 ? body : RootAlone().Replace(RootPrefix().Replace(body, ""), ".");
    }

    private static string DefineBody(string name)
    {
        var helpers = File.ReadAllText(Path.Combine(Chart, "templates", "_helpers.tpl"));
        var start = helpers.IndexOf($"{{{{- define \"{name}\" -}}}}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"_helpers.tpl defines no {name}");
        var bodyStart = helpers.IndexOf('\n', start) + 1;
        var depth = 1;
        foreach (Match action in BlockAction().Matches(helpers, bodyStart))
        {
            depth += action.Groups["word"].Value == "end" ? -1 : 1;
            if (depth == 0) return helpers[bodyStart..action.Index].TrimEnd('\n');
        }
        throw new InvalidDataException($"_helpers.tpl: define {name} is not closed");
    }

    [GeneratedRegex(@"(?m)^[ \t]*\{\{-?\s*include\s+""(?<name>[^""]+)""\s+(?:\.|\((?<dict>dict[^)]*)\))\s*\|\s*nindent\s+(?<indent>\d+)\s*-?\}\}[ \t]*$")]
    private static partial Regex IncludeLine();

    [GeneratedRegex(@"(?m)^[ \t]*\{\{-?\s*(?:(?:if|else|with|range|end|toYaml)\b|\$[A-Za-z]+\s*:=)[^\n]*?-?\}\}[ \t]*\n")]
    private static partial Regex ControlLine();

    [GeneratedRegex(@"\{\{-?(?<action>.*?)-?\}\}")]
    private static partial Regex InlineAction();

    [GeneratedRegex(@"^\.Values\.(?<path>[A-Za-z0-9_.]+)(?<quote>\s*\|\s*quote)?$")]
    private static partial Regex PlainValue();

    [GeneratedRegex(@"""(?<key>[A-Za-z]+)""\s+""(?<value>[^""]*)""")]
    private static partial Regex DictPair();

    [GeneratedRegex(@"\.root(?=\.)")]
    private static partial Regex RootPrefix();

    [GeneratedRegex(@"\.root\b")]
    private static partial Regex RootAlone();

    /// <summary>An action that opens (<c>if</c>, <c>range</c>, <c>with</c>, <c>define</c>) or closes (<c>end</c>) a block.</summary>
    [GeneratedRegex(@"\{\{-?\s*(?<word>if|range|with|define|end)\b")]
    internal static partial Regex BlockAction();
}
