namespace Cluster.Hdf5;

public enum H5MemberKind { Group, Dataset, SoftLink, Other }

/// <summary>A link in a group: its name, what it points to, and for soft links the target path.</summary>
public sealed record H5Member(string Name, H5MemberKind Kind, string? LinkTarget = null);
