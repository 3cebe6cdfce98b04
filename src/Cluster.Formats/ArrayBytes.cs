using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cluster.Formats;

/// <summary>
/// The raw bytes of a 1-D array of unmanaged elements, in spans of at most <see cref="MaxChunkBytes"/>:
/// a single span cannot cover arrays over 2 GiB, and copying in big spans instead of per element is what
/// makes reading and writing run at disk speed.
/// </summary>
internal static class ArrayBytes
{
    /// <summary>A multiple of every element size (up to 16), so chunks never split an element.</summary>
    public const int MaxChunkBytes = 16 << 20;

    /// <summary>Calls <paramref name="action"/> with successive spans covering the whole array, in order.</summary>
    public static void ForEachChunk(Array array, int elementSize, SpanAction<byte> action)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(array);
        var totalBytes = array.LongLength * elementSize;
        for (long offset = 0; offset < totalBytes; offset += MaxChunkBytes)
        {
            var length = (int)Math.Min(MaxChunkBytes, totalBytes - offset);
            action(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref start, (nint)offset), length));
        }
    }

    public delegate void SpanAction<T>(Span<T> span);
}
