using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Cluster.Formats;

/// <summary>
/// Writes an .npz archive, as np.savez (stored) or np.savez_compressed (deflated) would: one <c>name.npy</c>
/// entry per array. Entries over 4 GB get zip64 records (ZipArchive does that). Dispose to write the zip
/// directory; the output stream is left open, so a caller such as <see cref="AtomicFile"/> can flush it.
/// </summary>
public sealed class NpzWriter : IDisposable
{
    /// <summary>numpy stamps every entry 1980-01-01 00:00 (the zip epoch); we do too so equal arrays give equal bytes.</summary>
    private static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Doubles converted per step in <see cref="AddFloat64"/>: 1 MiB, small enough to stay in cache.</summary>
    private const int ConversionChunk = 1 << 17;

    private readonly ZipArchive _archive;
    private readonly CompressionLevel _level;
    private readonly HashSet<string> _names = [];

    /// <param name="output">where the archive goes; written sequentially, seekable or not, and left open.</param>
    /// <param name="compress">deflate each entry (fastest level: spectrogram data barely compresses further at
    /// higher levels, and time matters more) or store it uncompressed.</param>
    public NpzWriter(Stream output, bool compress)
        : this(output, compress ? CompressionLevel.Fastest : CompressionLevel.NoCompression)
    {
    }

    public NpzWriter(Stream output, CompressionLevel level)
    {
        ArgumentNullException.ThrowIfNull(output);
        _archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _level = level;
    }

    /// <summary>Adds <paramref name="array"/> as entry <c>name.npy</c>; np.load(path)[name] reads it back.</summary>
    public void Add(string name, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        using var entry = OpenEntry(name);
        Npy.Write(entry, array);
    }

    /// <summary>
    /// Adds float32 <paramref name="values"/> as a float64 array, converting a chunk at a time so a 512 MB input
    /// never needs a 1 GB double[] copy. The conversion is exact (every float is a double).
    /// </summary>
    public void AddFloat64(string name, ReadOnlySpan<float> values, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var elementCount = NpyShape.ElementCount(shape);
        if (elementCount != values.Length)
            throw new ArgumentException(
                $"shape {NpyShape.Format(shape)} holds {elementCount?.ToString() ?? "an invalid number of"} elements but {values.Length} values were given",
                nameof(shape));

        using var entry = OpenEntry(name);
        entry.Write(NpyHeader.Encode(NpyDtypeInfo.Of(NpyDtype.Float64), shape));
        var buffer = new double[Math.Min(values.Length, ConversionChunk)];
        for (var offset = 0; offset < values.Length; offset += buffer.Length)
        {
            var source = values.Slice(offset, Math.Min(buffer.Length, values.Length - offset));
            var target = buffer.AsSpan(0, source.Length);
            for (var i = 0; i < source.Length; i++) target[i] = source[i];
            entry.Write(MemoryMarshal.AsBytes(target));
        }
    }

    private Stream OpenEntry(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name))
            throw new ArgumentException($"the archive already has an array named '{name}'", nameof(name));
        var entry = _archive.CreateEntry(name + ".npy", _level);
        entry.LastWriteTime = EntryTimestamp;
        return entry.Open();
    }

    public void Dispose() => _archive.Dispose();
}
