using YamlDotNet.RepresentationModel;

namespace Cluster.Deployment.Tests;

/// <summary>YAML read with YamlDotNet into plain dictionaries, lists and scalars (strings), for structural checks.</summary>
internal static class YamlFiles
{
    /// <summary>Every document of the file; a syntax error throws with the line.</summary>
    public static IReadOnlyList<object?> LoadAll(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return stream.Documents.Select(d => Convert(d.RootNode)).ToList();
    }

    public static Dictionary<string, object?> LoadMap(string path) =>
        LoadAll(path).Single() as Dictionary<string, object?> ?? throw new InvalidDataException($"{path}: not a mapping");

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Merge(map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Value is "" or "~" or "null" && scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? null : scalar.Value,
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType}"),
    };

    /// <summary>YAML merge keys (<c>&lt;&lt;: *anchor</c>) as Compose applies them: explicit keys win over merged ones.</summary>
    private static Dictionary<string, object?> Merge(IEnumerable<(string Key, object? Value)> entries)
    {
        var result = new Dictionary<string, object?>();
        var merged = new List<Dictionary<string, object?>>();
        foreach (var (key, value) in entries)
        {
            if (key == "<<" && value is Dictionary<string, object?> map) merged.Add(map);
            else result[key] = value;
        }
        foreach (var map in merged)
            foreach (var (key, value) in map)
                result.TryAdd(key, value);
        return result;
    }

    /// <summary>Dotted paths of every leaf; an empty map or list counts as a leaf.</summary>
    public static IEnumerable<string> LeafPaths(object? node, string prefix = "")
    {
        if (node is Dictionary<string, object?> { Count: > 0 } map)
        {
            foreach (var (key, value) in map)
                foreach (var path in LeafPaths(value, prefix.Length == 0 ? key : $"{prefix}.{key}"))
                    yield return path;
        }
        else
            yield return prefix;
    }

    public static object? At(Dictionary<string, object?> root, string dotted)
    {
        object? node = root;
        foreach (var part in dotted.Split('.'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(part, out node))
                throw new KeyNotFoundException(dotted);
        }
        return node;
    }

    public static bool Has(Dictionary<string, object?> root, string dotted)
    {
        try
        {
            At(root, dotted);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
