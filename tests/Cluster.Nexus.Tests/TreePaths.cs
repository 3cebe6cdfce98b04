namespace Cluster.Nexus.Tests;

/// <summary>Looks members of an in-memory NeXus tree up by slash-separated path.</summary>
internal static class TreePaths
{
    public static NexusNode Node(this NexusGroup root, string path)
    {
        NexusNode node = root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = (node as NexusGroup)?.Find(part) ?? throw new KeyNotFoundException($"{path}: no member '{part}'");
        return node;
    }

    public static NexusGroup Group(this NexusGroup root, string path) => (NexusGroup)root.Node(path);

    public static NexusArray Array(this NexusGroup root, string path) => (NexusArray)((NexusField)root.Node(path)).Value;

    public static double[] Doubles(this NexusGroup root, string path) => (double[])root.Array(path).Data;

    public static string[] Texts(this NexusGroup root, string path) =>
        ((NexusTextArray)((NexusField)root.Node(path)).Value).Values.ToArray();

    public static string Text(this NexusGroup root, string path) => ((NexusText)((NexusField)root.Node(path)).Value).Value;

    public static string[] AttributeTexts(this NexusNode node, string name) => node.Attributes[name] switch
    {
        NexusTextArray a => a.Values.ToArray(),
        NexusText t => [t.Value],
        var other => throw new InvalidOperationException($"@{name} is {other}"),
    };

    /// <summary>Equal element by element, NaN equal to NaN.</summary>
    public static void SameValues(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (var i = 0; i < expected.Length; i++)
            Assert.True(expected[i].Equals(actual[i]), $"{what}[{i}] = {actual[i]}, expected {expected[i]}");
    }
}
