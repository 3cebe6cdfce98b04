using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Cluster.Formats;

/// <summary>
/// Reads and writes single arrays in numpy's .npy format
/// (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// </summary>
public static class Npy
{
    /// <summary>
    /// Writes <paramref name="array"/> as format 1.0 (2.0 if the header needs it), little-endian, C order,
    /// data aligned to 64 bytes: the same bytes np.save writes. Leaves <paramref name="output"/> open.
    /// </summary>
    public static void Write(Stream output, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(array);
        RequireLittleEndianMachine();
        var dtype = NpyDtypeInfo.Of(array.Dtype);
        output.Write(NpyHeader.Encode(dtype, array.Shape));
        ArrayBytes.ForEachChunk(array.Data, dtype.ItemSize, chunk => output.Write(chunk));
    }

    /// <summary>Writes an .npy file (not atomically; see <see cref="AtomicFile"/> for that).</summary>
    public static void Write(string path, NpyArray array)
    {
        using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Write(output, array);
    }

    /// <summary>
    /// Reads one array: format 1.0, 2.0 or 3.0, little- or big-endian (converted to this machine's order).
    /// Throws <see cref="InvalidNpyException"/> naming <paramref name="sourceName"/> when the data is not a valid
    /// C-order array of a supported dtype, or ends early.
    /// </summary>
    public static NpyArray Read(Stream input, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(sourceName);
        RequireLittleEndianMachine();
        var header = NpyHeader.Read(input, sourceName);
        var dtype = header.Dtype;
        var count = NpyShape.ElementCount(header.Shape)!.Value;
        var shapeText = NpyShape.Format(header.Shape);
        if (count > Array.MaxLength)
            throw new InvalidNpyException(sourceName, $"shape {shapeText} has {count} elements, more than one .NET array holds ({Array.MaxLength})");

        var byteCount = count * dtype.ItemSize;
        // Fail before allocating when a seekable stream is visibly too short (a truncated multi-GB file).
        if (input.CanSeek && input.Length - input.Position < byteCount)
            throw Truncated(sourceName, dtype, shapeText, byteCount, input.Length - input.Position);

        var data = Allocate(dtype.Dtype, (int)count);
        long bytesRead = 0;
        ArrayBytes.ForEachChunk(data, dtype.ItemSize, chunk =>
        {
            var read = input.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            bytesRead += read;
            if (read < chunk.Length)
                throw Truncated(sourceName, dtype, shapeText, byteCount, bytesRead);
            if (header.BigEndian)
                ReverseEndianness(chunk, dtype.Kind == 'c' ? dtype.ItemSize / 2 : dtype.ItemSize);
        });

        if (dtype.Dtype == NpyDtype.Bool)
        {
            var flags = (bool[])data;
            // .NET assumes a bool is 0 or 1; anything else would compare unequal to true.
            var bytes = MemoryMarshal.AsBytes(flags.AsSpan());
            var bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (bad >= 0)
                throw new InvalidNpyException(sourceName, $"bool element {bad} has byte value {bytes[bad]}, not 0 or 1");
        }
        return NpyArray.FromValidated(dtype.Dtype, header.Shape, data);
    }

    /// <summary>Reads an .npy file.</summary>
    public static NpyArray Read(string path)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(input, path);
    }

    private static InvalidNpyException Truncated(string sourceName, NpyDtypeInfo dtype, string shape, long expected, long found) =>
        new(sourceName, $"data truncated: {dtype.Dtype} {shape} needs {expected} bytes, the stream has {found}");

    private static Array Allocate(NpyDtype dtype, int count) => dtype switch
    {
        // Uninitialized: every byte is overwritten by the read or the read fails.
        NpyDtype.Bool => GC.AllocateUninitializedArray<bool>(count),
        NpyDtype.Int8 => GC.AllocateUninitializedArray<sbyte>(count),
        NpyDtype.Int16 => GC.AllocateUninitializedArray<short>(count),
        NpyDtype.Int32 => GC.AllocateUninitializedArray<int>(count),
        NpyDtype.Int64 => GC.AllocateUninitializedArray<long>(count),
        NpyDtype.UInt8 => GC.AllocateUninitializedArray<byte>(count),
        NpyDtype.UInt16 => GC.AllocateUninitializedArray<ushort>(count),
        NpyDtype.UInt32 => GC.AllocateUninitializedArray<uint>(count),
        NpyDtype.UInt64 => GC.AllocateUninitializedArray<ulong>(count),
        NpyDtype.Float32 => GC.AllocateUninitializedArray<float>(count),
        NpyDtype.Float64 => GC.AllocateUninitializedArray<double>(count),
        NpyDtype.Complex64 => GC.AllocateUninitializedArray<Complex64>(count),
        NpyDtype.Complex128 => GC.AllocateUninitializedArray<Complex>(count),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a known NpyDtype"),
    };

    /// <summary>
    /// Swaps every <paramref name="unitSize"/>-byte scalar (each part of a complex number separately). Chunks are
    /// a multiple of 16 bytes, so no scalar straddles two chunks.
    /// </summary>
    private static void ReverseEndianness(Span<byte> bytes, int unitSize)
    {
        switch (unitSize)
        {
            case 1: break;
            case 2: var u16 = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(u16, u16); break;
            case 4: var u32 = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(u32, u32); break;
            case 8: var u64 = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(u64, u64); break;
            default: throw new ArgumentOutOfRangeException(nameof(unitSize), unitSize, "no scalar of that size");
        }
    }

    private static void RequireLittleEndianMachine()
    {
        // Data is copied as raw memory; on a big-endian machine that would silently swap every value.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Cluster.Formats copies array memory directly and needs a little-endian machine");
    }
}
