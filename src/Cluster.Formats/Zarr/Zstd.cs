using System.Runtime.InteropServices;
using Cluster.Formats.Native;

namespace Cluster.Formats.Zarr;

/// <summary>One-shot zstd frames through libzstd: what the Zarr <c>zstd</c> codec needs, with errors as exceptions.</summary>
public static unsafe class Zstd
{
    /// <summary>The decompressed size recorded in the frame header, or null when the writer did not record it.</summary>
    /// <exception cref="InvalidDataException">Not a zstd frame.</exception>
    public static long? FrameContentSize(ReadOnlySpan<byte> frame)
    {
        ulong size;
        fixed (byte* src = frame)
            size = ZstdNative.ZSTD_getFrameContentSize(src, (nuint)frame.Length);
        return size switch
        {
            ZstdNative.ContentSizeUnknown => null,
            ZstdNative.ContentSizeError => throw new InvalidDataException("not a zstd frame (bad magic number or header)"),
            > long.MaxValue => throw new InvalidDataException($"zstd frame claims {size} bytes"),
            _ => (long)size,
        };
    }

    /// <summary>Decompresses every frame in <paramref name="source"/> into <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidDataException">Corrupt data, or more output than <paramref name="destination"/> holds (libzstd's error name in the message).</exception>
    public static int Decompress(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        nuint result;
        fixed (byte* src = source)
        fixed (byte* dst = destination)
            result = ZstdNative.ZSTD_decompress(dst, (nuint)destination.Length, src, (nuint)source.Length);
        if (ZstdNative.ZSTD_isError(result) != 0)
            throw new InvalidDataException($"zstd: {ErrorName(result)}");
        return (int)result;
    }

    /// <summary>Compresses <paramref name="source"/> into one frame that records its content size (as zarr-python writes).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source, int level = 3)
    {
        var bound = ZstdNative.ZSTD_compressBound((nuint)source.Length);
        var buffer = new byte[checked((int)bound)];
        nuint written;
        fixed (byte* src = source)
        fixed (byte* dst = buffer)
            written = ZstdNative.ZSTD_compress(dst, bound, src, (nuint)source.Length, level);
        if (ZstdNative.ZSTD_isError(written) != 0)
            throw new InvalidOperationException($"zstd compression failed: {ErrorName(written)}");
        return buffer.AsSpan(0, (int)written).ToArray();
    }

    private static string ErrorName(nuint code) =>
        Marshal.PtrToStringUTF8((nint)ZstdNative.ZSTD_getErrorName(code)) ?? $"error {code}";
}
