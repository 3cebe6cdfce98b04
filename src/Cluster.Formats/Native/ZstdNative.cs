using System.Runtime.InteropServices;

namespace Cluster.Formats.Native;

/// <summary>
/// Faithful binding of the few libzstd entry points we use (the simple one-shot API), resolved on first use so that
/// code without Zarr chunks runs on machines without the library. This is the only file that touches libzstd.
/// </summary>
internal static unsafe class ZstdNative
{
    public const string LibraryName = "libzstd.so.1";
    public const string DebianPackage = "libzstd1";

    /// <summary><c>ZSTD_CONTENTSIZE_UNKNOWN</c>: the frame header does not record the decompressed size.</summary>
    public const ulong ContentSizeUnknown = unchecked(0UL - 1);

    /// <summary><c>ZSTD_CONTENTSIZE_ERROR</c>: not a zstd frame, or a corrupt header.</summary>
    public const ulong ContentSizeError = unchecked(0UL - 2);

    private sealed class Exports
    {
        public required delegate* unmanaged<void*, nuint, void*, nuint, nuint> Decompress;
        public required delegate* unmanaged<void*, nuint, ulong> GetFrameContentSize;
        public required delegate* unmanaged<nuint, uint> IsError;
        public required delegate* unmanaged<nuint, byte*> GetErrorName;
        public required delegate* unmanaged<void*, nuint, void*, nuint, int, nuint> Compress;
        public required delegate* unmanaged<nuint, nuint> CompressBound;
    }

    private static readonly Lazy<Exports> exports = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static Exports Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
            throw new DllNotFoundException($"{LibraryName} not found: apt-get install {DebianPackage}");
        return new Exports
        {
            Decompress = (delegate* unmanaged<void*, nuint, void*, nuint, nuint>)Export(handle, "ZSTD_decompress"),
            GetFrameContentSize = (delegate* unmanaged<void*, nuint, ulong>)Export(handle, "ZSTD_getFrameContentSize"),
            IsError = (delegate* unmanaged<nuint, uint>)Export(handle, "ZSTD_isError"),
            GetErrorName = (delegate* unmanaged<nuint, byte*>)Export(handle, "ZSTD_getErrorName"),
            Compress = (delegate* unmanaged<void*, nuint, void*, nuint, int, nuint>)Export(handle, "ZSTD_compress"),
            CompressBound = (delegate* unmanaged<nuint, nuint>)Export(handle, "ZSTD_compressBound"),
        };
    }

    private static nint Export(nint handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"{LibraryName} lacks {name}: reinstall {DebianPackage} (zstd 1.4 or newer expected)");

    /// <summary>Returns the decompressed size written to <paramref name="dst"/>, or an error code (test with <see cref="ZSTD_isError"/>).</summary>
    public static nuint ZSTD_decompress(void* dst, nuint dstCapacity, void* src, nuint compressedSize) =>
        exports.Value.Decompress(dst, dstCapacity, src, compressedSize);

    /// <summary>The decompressed size recorded in the first frame's header, or <see cref="ContentSizeUnknown"/> / <see cref="ContentSizeError"/>.</summary>
    public static ulong ZSTD_getFrameContentSize(void* src, nuint srcSize) => exports.Value.GetFrameContentSize(src, srcSize);

    public static uint ZSTD_isError(nuint code) => exports.Value.IsError(code);

    /// <summary>A static NUL-terminated string; never freed.</summary>
    public static byte* ZSTD_getErrorName(nuint code) => exports.Value.GetErrorName(code);

    public static nuint ZSTD_compress(void* dst, nuint dstCapacity, void* src, nuint srcSize, int compressionLevel) =>
        exports.Value.Compress(dst, dstCapacity, src, srcSize, compressionLevel);

    public static nuint ZSTD_compressBound(nuint srcSize) => exports.Value.CompressBound(srcSize);
}
