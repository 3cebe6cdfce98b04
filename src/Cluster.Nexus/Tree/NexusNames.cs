namespace Cluster.Nexus;

/// <summary>Member and attribute names: non-empty, no '/', and not '.' (HDF5 path syntax).</summary>
internal static class NexusNames
{
    public static string Require(string name) =>
        string.IsNullOrEmpty(name) || name.Contains('/') || name == "."
            ? throw new ArgumentException($"'{name}' is not a valid NeXus name (non-empty, no '/')")
            : name;
}
