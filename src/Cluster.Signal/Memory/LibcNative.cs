using System.Runtime.InteropServices;

namespace Cluster.Signal.Memory;

/// <summary>
/// Binding of the libc memory call we use; the only file that touches libc directly.
/// Resolved on first use, so platforms that never ask for it never load it.
/// </summary>
internal static unsafe class LibcNative
{
    public const string LibraryName = "libc.so.6";
    public const string DebianPackage = "libc6";

    /// <summary>MADV_HUGEPAGE from linux/mman.h.</summary>
    public const int MadvHugePage = 14;

    private static readonly Lazy<nint> madviseExport = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static nint Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
            throw new DllNotFoundException($"{LibraryName} not found: apt-get install {DebianPackage}");
        return NativeLibrary.TryGetExport(handle, "madvise", out var address)
            ? address
            : throw new EntryPointNotFoundException($"{LibraryName} lacks madvise");
    }

    /// <summary>Returns 0 on success, -1 on failure (errno is not needed by callers).</summary>
    public static int madvise(void* address, nuint length, int advice) =>
        ((delegate* unmanaged<void*, nuint, int, int>)madviseExport.Value)(address, length, advice);
}
