using System.Collections;

namespace Cluster.Nexus;

/// <summary>Attributes of a node in insertion order; setting an existing name replaces its value in place.</summary>
public sealed class NexusAttributes : IEnumerable<KeyValuePair<string, NexusValue>>
{
    private readonly List<KeyValuePair<string, NexusValue>> _items = [];

    public int Count => _items.Count;

    public NexusValue? this[string name] => _items.FirstOrDefault(a => a.Key == name).Value;

    public NexusAttributes Set(string name, NexusValue value)
    {
        NexusNames.Require(name);
        var index = _items.FindIndex(a => a.Key == name);
        if (index >= 0) _items[index] = new(name, value);
        else _items.Add(new(name, value));
        return this;
    }

    public NexusAttributes Set(string name, string text) => Set(name, new NexusText(text));

    public IEnumerator<KeyValuePair<string, NexusValue>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
