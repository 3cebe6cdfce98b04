using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Cluster.Formats;

namespace Cluster.Formats.Tests;

/// <summary>
/// An array as exact text on both sides: integers in decimal, booleans as 0/1, floats (and each part of a complex)
/// as the decimal of their IEEE bit pattern, so NaN, -0.0 and subnormals compare exactly.
/// </summary>
public sealed record CanonicalValues(string Dtype, long[] Shape, string[] Values)
{
    /// <summary>Python function <c>canon(a)</c> producing the same record as JSON-ready dict.</summary>
    public const string PythonCanon = """
        import json, sys
        import numpy as np

        def canon(a):
            dtype = a.dtype.str
            flat = np.ascontiguousarray(a).astype(a.dtype.newbyteorder('=')).reshape(-1)
            if flat.dtype.kind == 'c':
                flat = flat.view(np.dtype('f%d' % (flat.dtype.itemsize // 2)))
            if flat.dtype.kind == 'f':
                flat = flat.view(np.dtype('u%d' % flat.dtype.itemsize))
            return {"dtype": dtype, "shape": list(a.shape), "values": [str(int(x)) for x in flat]}

        """;

    public static CanonicalValues FromArray(NpyArray array, string dtype) =>
        new(dtype, array.Shape, ElementTexts(array.Data).ToArray());

    public static CanonicalValues FromJson(JsonElement element) =>
        new(element.GetProperty("dtype").GetString()!,
            element.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
            element.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToArray());

    private static IEnumerable<string> ElementTexts(Array data)
    {
        // Exact element types: a ushort[] also matches 'is short[]' in the CLR.
        var type = data.GetType().GetElementType();
        if (type == typeof(bool)) return ((bool[])data).Select(v => v ? "1" : "0");
        if (type == typeof(sbyte)) return ((sbyte[])data).Select(v => Decimal(v));
        if (type == typeof(short)) return ((short[])data).Select(v => Decimal(v));
        if (type == typeof(int)) return ((int[])data).Select(v => Decimal(v));
        if (type == typeof(long)) return ((long[])data).Select(v => Decimal(v));
        if (type == typeof(byte)) return ((byte[])data).Select(v => Decimal(v));
        if (type == typeof(ushort)) return ((ushort[])data).Select(v => Decimal(v));
        if (type == typeof(uint)) return ((uint[])data).Select(v => Decimal(v));
        if (type == typeof(ulong)) return ((ulong[])data).Select(v => Decimal(v));
        if (type == typeof(float)) return ((float[])data).Select(Bits);
        if (type == typeof(double)) return ((double[])data).Select(Bits);
        if (type == typeof(Complex64)) return ((Complex64[])data).SelectMany(v => new[] { Bits(v.Real), Bits(v.Imaginary) });
        if (type == typeof(Complex)) return ((Complex[])data).SelectMany(v => new[] { Bits(v.Real), Bits(v.Imaginary) });
        throw new ArgumentException($"no canonical form for {data.GetType().Name}");
    }

    private static string Decimal<T>(T v) where T : IFormattable => v.ToString(null, CultureInfo.InvariantCulture);

    private static string Bits(float v) => BitConverter.SingleToUInt32Bits(v).ToString(CultureInfo.InvariantCulture);

    private static string Bits(double v) => BitConverter.DoubleToUInt64Bits(v).ToString(CultureInfo.InvariantCulture);

    public static void AssertEqual(CanonicalValues expected, CanonicalValues actual, string what)
    {
        Assert.True(expected.Dtype == actual.Dtype, $"{what}: dtype {actual.Dtype}, expected {expected.Dtype}");
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape ({string.Join(",", actual.Shape)}), expected ({string.Join(",", expected.Shape)})");
        Assert.True(expected.Values.Length == actual.Values.Length, $"{what}: {actual.Values.Length} values, expected {expected.Values.Length}");
        var firstDifference = Enumerable.Range(0, expected.Values.Length).FirstOrDefault(i => expected.Values[i] != actual.Values[i], -1);
        Assert.True(firstDifference < 0,
            firstDifference < 0 ? "" : $"{what}: value {firstDifference} is {actual.Values[firstDifference]}, expected {expected.Values[firstDifference]}");
    }
}
