namespace Cluster.Formats.Zarr;

/// <summary>
/// A Zarr store in a local directory (zarr-python's <c>LocalStore</c>): each key is a file below the root. Keys that
/// would leave the root (<c>..</c> segments, absolute paths) are refused rather than read.
/// </summary>
public sealed class DirectoryZarrStore : IZarrStore
{
    public DirectoryZarrStore(string root)
    {
        Root = Path.GetFullPath(root);
        if (!Directory.Exists(Root))
            throw new DirectoryNotFoundException($"zarr store {Root} does not exist or is not a directory");
    }

    public string Root { get; }

    public string Location => Root;

    public byte[]? TryRead(string key)
    {
        var path = PathOf(key);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Absent keys are normal: zarr-python does not write chunks that hold only the fill value.
            return null;
        }
    }

    private string PathOf(string key)
    {
        if (key.Length == 0 || key.StartsWith('/') || key.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"zarr store {Root}: '{key}' is not a key inside the store");
        return Path.Combine(Root, key);
    }
}
