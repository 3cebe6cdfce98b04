namespace Cluster.TestSupport;

/// <summary>Where the repository and the read-only reference data beside it live.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> next to the clone; reference data is read from there, never copied in.</summary>
    public static string Shared { get; } = Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Fixture(params string[] parts) =>
        RequireExists(Path.Combine([Shared, "fixtures", .. parts]));

    public static string Nexus(params string[] parts) =>
        RequireExists(Path.Combine([Shared, "nexus", .. parts]));

    private static string RequireExists(string path) =>
        File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"reference data missing: {path} (is ../shared beside the clone?)", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
