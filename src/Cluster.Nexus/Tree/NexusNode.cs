namespace Cluster.Nexus;

/// <summary>A member of a NeXus group: a subgroup, a field (dataset) or a soft link.</summary>
public abstract class NexusNode(string name)
{
    public string Name { get; } = NexusNames.Require(name);

    /// <summary>HDF5 attributes, written in insertion order.</summary>
    public NexusAttributes Attributes { get; } = new();
}

/// <summary>A dataset. <see cref="Storage"/> null writes it contiguous (small fields); otherwise chunked and filtered.</summary>
public sealed class NexusField(string name, NexusValue value, NexusStorage? storage = null) : NexusNode(name)
{
    public NexusValue Value { get; } = value;
    public NexusStorage? Storage { get; } = storage;
}

/// <summary>A soft link to an absolute path in the same file (e.g. <c>/entry0/instrument/detector/data</c>).</summary>
public sealed class NexusLink(string name, string target) : NexusNode(name)
{
    public string Target { get; } = target.StartsWith('/') ? target : throw new ArgumentException($"link target must be absolute, got '{target}'");
}

/// <summary>Chunked layout with optional shuffle and gzip; <see cref="ChunkShape"/> null lets the writer choose.</summary>
public sealed record NexusStorage(IReadOnlyList<long>? ChunkShape = null, bool Shuffle = true, int GzipLevel = 1);

/// <summary>An NX group: its class goes into the <c>NX_class</c> attribute; members keep insertion order.</summary>
public sealed class NexusGroup(string name, string nxClass) : NexusNode(name)
{
    private readonly List<NexusNode> _members = [];

    public string NxClass { get; } = nxClass;
    public IReadOnlyList<NexusNode> Members => _members;

    public NexusGroup AddGroup(string name, string nxClass) => Add(new NexusGroup(name, nxClass));
    public NexusField AddField(string name, NexusValue value, NexusStorage? storage = null) => Add(new NexusField(name, value, storage));
    public NexusLink AddLink(string name, string target) => Add(new NexusLink(name, target));

    public T Add<T>(T member) where T : NexusNode
    {
        if (_members.Any(m => m.Name == member.Name))
            throw new ArgumentException($"group '{Name}' already has a member '{member.Name}'");
        _members.Add(member);
        return member;
    }

    public NexusNode? Find(string name) => _members.FirstOrDefault(m => m.Name == name);
}
