using System.Diagnostics.CodeAnalysis;

namespace Cluster.Core.Kinds;

/// <summary>The job kinds an installation runs, by name.</summary>
public sealed class JobKindCatalog(IEnumerable<IJobKind> kinds)
{
    private readonly Dictionary<string, IJobKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _kinds.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, [NotNullWhen(true)] out IJobKind? kind) => _kinds.TryGetValue(name, out kind);

    public IJobKind Get(string name) =>
        _kinds.TryGetValue(name, out var kind)
            ? kind
            : throw new InvalidOperationException($"this installation has no job kind '{name}' (known: {string.Join(", ", Names)})");
}
