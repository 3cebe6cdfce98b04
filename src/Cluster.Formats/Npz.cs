using System.IO.Compression;

namespace Cluster.Formats;

/// <summary>Reads .npz archives written by np.savez, np.savez_compressed or <see cref="NpzWriter"/>.</summary>
public static class Npz
{
    /// <summary>
    /// All arrays of the archive, keyed by entry name without <c>.npy</c>. Every entry must be an .npy array;
    /// errors name the file and the entry.
    /// </summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(input, path);
    }

    /// <summary>As <see cref="Read(string)"/>, from a stream (copied to memory by ZipArchive if not seekable).</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream input, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sourceName);
        using var archive = OpenArchive(input, sourceName);
        var arrays = new Dictionary<string, NpyArray>();
        foreach (var entry in archive.Entries)
        {
            if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                throw new InvalidNpzException(sourceName, $"entry '{entry.FullName}' is not an .npy array");
            var key = entry.FullName[..^".npy".Length];
            if (arrays.ContainsKey(key))
                throw new InvalidNpzException(sourceName, $"entry '{entry.FullName}' appears twice");
            arrays[key] = ReadEntry(entry, $"{sourceName}:{entry.FullName}");
        }
        return arrays;
    }

    private static ZipArchive OpenArchive(Stream input, string sourceName)
    {
        try
        {
            return new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidNpzException(sourceName, $"not a readable zip archive ({e.Message})", e);
        }
    }

    private static NpyArray ReadEntry(ZipArchiveEntry entry, string entrySourceName)
    {
        try
        {
            using var stream = entry.Open();
            return Npy.Read(stream, entrySourceName);
        }
        catch (InvalidDataException e)
        {
            // Corrupt deflate data, a CRC mismatch or an unsupported compression method.
            throw new InvalidNpyException(entrySourceName, $"the zip entry cannot be decompressed ({e.Message})", e);
        }
    }
}
