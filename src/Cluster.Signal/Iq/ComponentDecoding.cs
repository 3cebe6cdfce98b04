using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Signal;

/// <summary>
/// Turns stored components into float volts: v = (raw - offset) * scale. The common layouts (one channel of
/// little-endian I,Q) are decoded in place in the destination span they were read into, so reading needs no second
/// buffer; every other layout (channels, big endian, real, f64, u16, u32, Q before I) goes through the generic path.
/// </summary>
internal static class ComponentDecoding
{
    /// <summary>True when <see cref="DecodeInPlace"/> handles the format: one interleaved I,Q channel of at most 4-byte components.</summary>
    public static bool InPlace(SampleFormat format) =>
        format is { IsComplex: true }
        && format.Type is ComponentType.F32 or ComponentType.I32 or ComponentType.I16 or ComponentType.I8 or ComponentType.U8;

    /// <summary>The first bytes of <paramref name="data"/> hold the raw components; they become floats over the whole span.</summary>
    public static void DecodeInPlace(Span<float> data, ComponentType type, bool bigEndian, float scale, float offset)
    {
        if (bigEndian)
        {
            // Swapping the stored bytes first (vectorised) leaves the little-endian case to finish the job.
            if (type == ComponentType.I16)
            {
                var shorts = MemoryMarshal.Cast<float, short>(data)[..data.Length];
                BinaryPrimitives.ReverseEndianness(shorts, shorts);
            }
            else if (type is ComponentType.I32 or ComponentType.F32)
            {
                var words = MemoryMarshal.Cast<float, int>(data);
                BinaryPrimitives.ReverseEndianness(words, words);
            }
        }
        switch (type)
        {
            case ComponentType.F32:
                if (scale != 1 || offset != 0) ScaleInPlace(data, scale, offset);
                break;
            case ComponentType.I32:
                Int32InPlace(data, scale, offset);
                break;
            case ComponentType.I16:
            {
                // Walking backwards keeps every narrow value unread until after the float that overwrites it was computed.
                var raw = MemoryMarshal.Cast<float, short>(data)[..data.Length];
                for (var i = data.Length - 1; i >= 0; i--) data[i] = (raw[i] - offset) * scale;
                break;
            }
            case ComponentType.I8:
            {
                var raw = MemoryMarshal.Cast<float, sbyte>(data)[..data.Length];
                for (var i = data.Length - 1; i >= 0; i--) data[i] = (raw[i] - offset) * scale;
                break;
            }
            case ComponentType.U8:
            {
                var raw = MemoryMarshal.AsBytes(data)[..data.Length];
                for (var i = data.Length - 1; i >= 0; i--) data[i] = (raw[i] - offset) * scale;
                break;
            }
            default:
                throw new InvalidOperationException($"{type} is not decoded in place");
        }
    }

    private static void ScaleInPlace(Span<float> data, float scale, float offset)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var r = ref MemoryMarshal.GetReference(data);
            var s = Vector256.Create(scale);
            var o = Vector256.Create(offset);
            for (; i <= data.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                ((Vector256.LoadUnsafe(ref r, (nuint)i) - o) * s).StoreUnsafe(ref r, (nuint)i);
        }
        for (; i < data.Length; i++) data[i] = (data[i] - offset) * scale;
    }

    private static void Int32InPlace(Span<float> data, float scale, float offset)
    {
        var ints = MemoryMarshal.Cast<float, int>(data);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var intRef = ref MemoryMarshal.GetReference(ints);
            ref var floatRef = ref MemoryMarshal.GetReference(data);
            var s = Vector256.Create(scale);
            var o = Vector256.Create(offset);
            for (; i <= ints.Length - Vector256<int>.Count; i += Vector256<int>.Count)
                ((Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref intRef, (nuint)i)) - o) * s).StoreUnsafe(ref floatRef, (nuint)i);
        }
        for (; i < ints.Length; i++) data[i] = (ints[i] - offset) * scale;
    }

    /// <summary>
    /// Decodes <paramref name="count"/> samples from <paramref name="bytes"/>, whose samples are frames of
    /// <paramref name="frameBytes"/> bytes; the chosen channel's I starts at <paramref name="iByte"/> within a frame and its
    /// Q at <paramref name="qByte"/> (negative: real data, Q = 0).
    /// </summary>
    public static void DecodeFrames(ReadOnlySpan<byte> bytes, Span<float> iq, int count, SampleFormat format, int frameBytes,
        int iByte, int qByte, double scale, double offset)
    {
        var be = format.BigEndian;
        switch (format.Type)
        {
            case ComponentType.F64: Frames<F64>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.F32: Frames<F32>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.I32: Frames<I32>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.I16: Frames<I16>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.I8: Frames<I8>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.U32: Frames<U32>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.U16: Frames<U16>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            case ComponentType.U8: Frames<U8>(bytes, iq, count, be, frameBytes, iByte, qByte, scale, offset); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    // A struct type argument makes the JIT compile one loop per component type with the read inlined.
    private static void Frames<T>(ReadOnlySpan<byte> bytes, Span<float> iq, int count, bool be, int frameBytes, int iByte, int qByte,
        double scale, double offset) where T : struct, IComponent
    {
        for (var s = 0; s < count; s++)
        {
            var frame = bytes.Slice(s * frameBytes, frameBytes);
            iq[2 * s] = (float)((T.Read(frame[iByte..], be) - offset) * scale);
            iq[2 * s + 1] = qByte < 0 ? 0f : (float)((T.Read(frame[qByte..], be) - offset) * scale);
        }
    }

    private interface IComponent
    {
        static abstract double Read(ReadOnlySpan<byte> b, bool bigEndian);
    }

    private struct F64 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
    }

    private struct F32 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b);
    }

    private struct I32 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    private struct I16 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);
    }

    private struct I8 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => (sbyte)b[0];
    }

    private struct U32 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private struct U16 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
    }

    private struct U8 : IComponent
    {
        public static double Read(ReadOnlySpan<byte> b, bool be) => b[0];
    }
}
