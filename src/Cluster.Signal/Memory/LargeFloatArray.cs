namespace Cluster.Signal.Memory;

/// <summary>
/// Allocation of big result arrays. A 256 MB spectrogram touched page by page costs ~150 ms of 4 kB page
/// faults on this class of VM, about as much as the whole FFT; backing it with transparent huge pages cuts
/// that to ~35 ms.
/// </summary>
internal static unsafe class LargeFloatArray
{
    private const long HugePageBytes = 2L << 20;
    private const long AdviseFromBytes = 8 * HugePageBytes;

    /// <summary>An array whose contents are undefined: the caller must write every element.</summary>
    public static float[] AllocateUninitialized(long length)
    {
        var array = GC.AllocateUninitializedArray<float>(checked((int)length));
        if (OperatingSystem.IsLinux() && length * sizeof(float) >= AdviseFromBytes)
            AdviseHugePages(array);
        return array;
    }

    private static void AdviseHugePages(float[] array)
    {
        fixed (float* p = array)
        {
            // madvise needs page-aligned bounds; only whole huge pages inside the array can use them anyway.
            var start = ((long)p + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var end = ((long)p + array.LongLength * sizeof(float)) & ~(HugePageBytes - 1);
            if (end <= start)
                return;
            // A kernel without transparent huge pages refuses the advice; ordinary pages are then just slower.
            _ = LibcNative.madvise((void*)start, (nuint)(end - start), LibcNative.MadvHugePage);
        }
    }
}
