namespace Cluster.Formats;

/// <summary>Directory creation that many threads and processes can race on.</summary>
public static class SafeDirectory
{
    /// <summary>
    /// Creates <paramref name="path"/> and any missing parents; returns its full path. Succeeds when another
    /// thread or process creates (part of) it at the same time. A regular file where a directory should be
    /// gives an <see cref="IOException"/> naming that file.
    /// </summary>
    public static string Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        try
        {
            // On Unix, .NET treats mkdir's EEXIST as success when a directory is there, so concurrent
            // creators of the same tree all succeed; it is the file-in-the-way case that needs explaining.
            Directory.CreateDirectory(fullPath);
            return fullPath;
        }
        catch (IOException e) when (FirstFileInTheWay(fullPath) is { } file)
        {
            throw new IOException($"cannot create directory {fullPath}: {file} is a file, not a directory", e);
        }
    }

    private static string? FirstFileInTheWay(string fullPath)
    {
        for (var current = fullPath; current is not null; current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current)) // false for directories
            {
                // Report the outermost offender: deeper "files" cannot exist under a file.
                var outer = current;
                for (var parent = Path.GetDirectoryName(current); parent is not null && File.Exists(parent); parent = Path.GetDirectoryName(parent))
                    outer = parent;
                return outer;
            }
        }
        return null;
    }
}
