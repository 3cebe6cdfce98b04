using System.Numerics;
using Cluster.Formats;

namespace Cluster.Formats.Tests;

/// <summary>Deterministic test data per dtype: the edge values first (extremes, NaN, ±inf, -0.0, subnormals), then pseudo-random ones.</summary>
public static class SampleArrays
{
    public static Array Create(NpyDtype dtype, int count, ulong seed)
    {
        var random = new Random(unchecked((int)seed));
        ulong Next() => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63);
        T[] Fill<T>(T[] edges, Func<T> next) =>
            Enumerable.Range(0, count).Select(i => i < edges.Length ? edges[i] : next()).ToArray();

        return dtype switch
        {
            NpyDtype.Bool => Fill([true, false], () => random.Next(2) == 1),
            NpyDtype.Int8 => Fill<sbyte>([sbyte.MinValue, sbyte.MaxValue, 0, -1], () => (sbyte)Next()),
            NpyDtype.Int16 => Fill<short>([short.MinValue, short.MaxValue, 0, -1], () => (short)Next()),
            NpyDtype.Int32 => Fill([int.MinValue, int.MaxValue, 0, -1], () => (int)Next()),
            NpyDtype.Int64 => Fill([long.MinValue, long.MaxValue, 0, -1], () => (long)Next()),
            NpyDtype.UInt8 => Fill<byte>([byte.MaxValue, 0, 1], () => (byte)Next()),
            NpyDtype.UInt16 => Fill<ushort>([ushort.MaxValue, 0, 1], () => (ushort)Next()),
            NpyDtype.UInt32 => Fill<uint>([uint.MaxValue, 0, 1], () => (uint)Next()),
            NpyDtype.UInt64 => Fill<ulong>([ulong.MaxValue, 0, 1], Next),
            NpyDtype.Float32 => Fill(FloatEdges, () => (float)RandomDouble(random)),
            NpyDtype.Float64 => Fill(DoubleEdges, () => RandomDouble(random)),
            NpyDtype.Complex64 => Fill(
                FloatEdges.Select(e => new Complex64(e, -e)).ToArray(),
                () => new Complex64((float)RandomDouble(random), (float)RandomDouble(random))),
            NpyDtype.Complex128 => Fill(
                DoubleEdges.Select(e => new Complex(-e, e)).ToArray(),
                () => new Complex(RandomDouble(random), RandomDouble(random))),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    private static readonly float[] FloatEdges =
        [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MaxValue, float.MinValue, 1f / 3];

    private static readonly double[] DoubleEdges =
        [0d, -0d, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, double.MinValue, 1d / 3];

    /// <summary>Spans many magnitudes so exponent bits are exercised, not just the mantissa.</summary>
    private static double RandomDouble(Random random) =>
        (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));

    /// <summary>Wraps <paramref name="data"/> in an NpyArray of the given shape through the public generic factory.</summary>
    public static NpyArray ToNpyArray(Array data, long[] shape)
    {
        // Exact element types: a ushort[] also matches 'is short[]' in the CLR.
        var type = data.GetType().GetElementType();
        if (type == typeof(bool)) return NpyArray.Create((bool[])data, shape);
        if (type == typeof(sbyte)) return NpyArray.Create((sbyte[])data, shape);
        if (type == typeof(short)) return NpyArray.Create((short[])data, shape);
        if (type == typeof(int)) return NpyArray.Create((int[])data, shape);
        if (type == typeof(long)) return NpyArray.Create((long[])data, shape);
        if (type == typeof(byte)) return NpyArray.Create((byte[])data, shape);
        if (type == typeof(ushort)) return NpyArray.Create((ushort[])data, shape);
        if (type == typeof(uint)) return NpyArray.Create((uint[])data, shape);
        if (type == typeof(ulong)) return NpyArray.Create((ulong[])data, shape);
        if (type == typeof(float)) return NpyArray.Create((float[])data, shape);
        if (type == typeof(double)) return NpyArray.Create((double[])data, shape);
        if (type == typeof(Complex64)) return NpyArray.Create((Complex64[])data, shape);
        if (type == typeof(Complex)) return NpyArray.Create((Complex[])data, shape);
        throw new ArgumentException(data.GetType().Name);
    }
}
