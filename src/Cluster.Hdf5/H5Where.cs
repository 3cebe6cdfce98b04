namespace Cluster.Hdf5;

/// <summary>The object path and file that errors from a call are reported against.</summary>
internal readonly record struct H5Where(string Path, string FileName)
{
    public long Check(long result, string operation) => H5Library.Check(result, operation, Path, FileName);

    public H5Id Take(long id, H5IdKind kind, string operation) => H5Id.Take(id, kind, operation, Path, FileName);

    public H5Where Child(string name) => new(H5Paths.Combine(Path, name), FileName);
}

internal static class H5Paths
{
    /// <summary>An absolute <paramref name="name"/> stands for itself; a relative one is taken below <paramref name="parent"/>.</summary>
    public static string Combine(string parent, string name) =>
        name.StartsWith('/') ? name : parent.EndsWith('/') ? parent + name : $"{parent}/{name}";
}
