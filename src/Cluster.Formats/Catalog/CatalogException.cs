namespace Cluster.Formats.Catalog;

/// <summary>
/// A beamtime catalog that cannot be read as asked: not a SQLite file, a schema version this reader does not know,
/// a missing Zarr store, or a row that contradicts the image it points to. The message names the file and the problem.
/// </summary>
public sealed class CatalogException(string path, string problem, Exception? innerException = null)
    : Exception($"{path}: {problem}", innerException)
{
    /// <summary>The catalog database (or the Zarr store) concerned.</summary>
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
