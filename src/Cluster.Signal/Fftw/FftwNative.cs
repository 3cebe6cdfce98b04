using System.Runtime.InteropServices;

namespace Cluster.Signal.Fftw;

/// <summary>
/// Faithful binding of the few libfftw3f entry points we use, resolved on first use so that code paths
/// without FFTs work on machines without the library. This is the only file that touches the native library.
/// </summary>
internal static unsafe class FftwNative
{
    public const string LibraryName = "libfftw3f.so.3";
    public const string DebianPackage = "libfftw3-single3";

    public const int Forward = -1;
    public const uint Measure = 0;
    public const uint Estimate = 1u << 6;

    private sealed class Exports
    {
        public required delegate* unmanaged<nuint, void*> Malloc;
        public required delegate* unmanaged<void*, void> Free;
        public required delegate* unmanaged<int, int*, int, float*, int*, int, int, float*, int*, int, int, int, uint, nint> PlanManyDft;
        public required delegate* unmanaged<nint, float*, float*, void> ExecuteDft;
        public required delegate* unmanaged<nint, void> DestroyPlan;
        public required delegate* unmanaged<byte*, int> ImportWisdomFromFilename;
        public required delegate* unmanaged<byte*, int> ExportWisdomToFilename;
    }

    private static readonly Lazy<Exports> exports = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    private static Exports Load()
    {
        if (!NativeLibrary.TryLoad(LibraryName, out var handle))
            throw new DllNotFoundException($"{LibraryName} not found: apt-get install {DebianPackage}");
        return new Exports
        {
            Malloc = (delegate* unmanaged<nuint, void*>)Export(handle, "fftwf_malloc"),
            Free = (delegate* unmanaged<void*, void>)Export(handle, "fftwf_free"),
            PlanManyDft = (delegate* unmanaged<int, int*, int, float*, int*, int, int, float*, int*, int, int, int, uint, nint>)Export(handle, "fftwf_plan_many_dft"),
            ExecuteDft = (delegate* unmanaged<nint, float*, float*, void>)Export(handle, "fftwf_execute_dft"),
            DestroyPlan = (delegate* unmanaged<nint, void>)Export(handle, "fftwf_destroy_plan"),
            ImportWisdomFromFilename = (delegate* unmanaged<byte*, int>)Export(handle, "fftwf_import_wisdom_from_filename"),
            ExportWisdomToFilename = (delegate* unmanaged<byte*, int>)Export(handle, "fftwf_export_wisdom_to_filename"),
        };
    }

    private static nint Export(nint handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"{LibraryName} lacks {name}: reinstall {DebianPackage} (FFTW 3.3 expected)");

    /// <summary>Forces loading, so a missing library is reported before any work starts.</summary>
    public static void EnsureLoaded() => _ = exports.Value;

    public static void* fftwf_malloc(nuint bytes) => exports.Value.Malloc(bytes);

    public static void fftwf_free(void* p) => exports.Value.Free(p);

    /// <summary>fftwf_complex is float[2]; pointers are passed as float* to the interleaved data.</summary>
    public static nint fftwf_plan_many_dft(int rank, int* n, int howmany,
        float* input, int* inembed, int istride, int idist,
        float* output, int* onembed, int ostride, int odist,
        int sign, uint flags) =>
        exports.Value.PlanManyDft(rank, n, howmany, input, inembed, istride, idist, output, onembed, ostride, odist, sign, flags);

    public static void fftwf_execute_dft(nint plan, float* input, float* output) => exports.Value.ExecuteDft(plan, input, output);

    public static void fftwf_destroy_plan(nint plan) => exports.Value.DestroyPlan(plan);

    /// <summary>Returns non-zero on success; <paramref name="filename"/> is a NUL-terminated path.</summary>
    public static int fftwf_import_wisdom_from_filename(byte* filename) => exports.Value.ImportWisdomFromFilename(filename);

    /// <summary>Returns non-zero on success; <paramref name="filename"/> is a NUL-terminated path.</summary>
    public static int fftwf_export_wisdom_to_filename(byte* filename) => exports.Value.ExportWisdomToFilename(filename);
}
