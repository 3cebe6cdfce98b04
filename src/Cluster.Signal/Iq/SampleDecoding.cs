using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Signal;

/// <summary>
/// Turns raw little-endian components that were read straight into the destination span into float volts,
/// in place, so reading never needs a second buffer.
/// </summary>
internal static class SampleDecoding
{
    /// <summary>The span holds int32 bit patterns; each becomes (float)value * scale.</summary>
    public static void Int32ToVoltsInPlace(Span<float> data, float scale)
    {
        var ints = MemoryMarshal.Cast<float, int>(data);
        ref var intRef = ref MemoryMarshal.GetReference(ints);
        ref var floatRef = ref MemoryMarshal.GetReference(data);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(scale);
            for (; i <= ints.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                var converted = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref intRef, (nuint)i)) * factor;
                converted.StoreUnsafe(ref floatRef, (nuint)i);
            }
        }
        for (; i < ints.Length; i++)
            data[i] = ints[i] * scale;
    }

    /// <summary>
    /// The first half of the span's bytes holds int16 components; they are widened over the whole span.
    /// Walking backwards keeps every int16 unread until after the float that overwrites it was computed.
    /// </summary>
    public static void Int16ToVoltsInPlace(Span<float> data, float scale)
    {
        var shorts = MemoryMarshal.Cast<float, short>(data)[..data.Length];
        for (var i = data.Length - 1; i >= 0; i--)
            data[i] = shorts[i] * scale;
    }
}
