namespace Cluster.Nexus;

/// <summary>What a NeXus field or attribute holds. The HDF5 writer decides the on-disk types from the variant.</summary>
public abstract record NexusValue;

/// <summary>A scalar variable-length UTF-8 string (h5py reads it as <c>str</c>).</summary>
public sealed record NexusText(string Value) : NexusValue;

/// <summary>
/// A 1-D array of fixed-length strings, padded to the longest (h5py reads <c>bytes</c> elements). MANTiS reads
/// <c>definition[0]</c> and <c>stxm_scan_type[0]</c> this way, and NXdata <c>@axes</c> lists names so.
/// </summary>
public sealed record NexusTextArray(IReadOnlyList<string> Values) : NexusValue;

/// <summary>
/// A numeric scalar or array: <see cref="Data"/> is a flat row-major <c>double[]</c>, <c>float[]</c>, <c>int[]</c>,
/// <c>long[]</c>, <c>uint[]</c>, <c>ushort[]</c>, <c>short[]</c>, <c>byte[]</c> or <c>sbyte[]</c>; an empty
/// <see cref="Shape"/> is a scalar (one element).
/// </summary>
public sealed record NexusArray : NexusValue
{
    public Array Data { get; }
    public IReadOnlyList<long> Shape { get; }

    public NexusArray(Array data, params long[] shape)
    {
        var expected = shape.Aggregate(1L, (product, n) => product * n);
        if (shape.Any(n => n < 0) || data.LongLength != expected)
            throw new ArgumentException($"array of {data.LongLength} elements does not fill shape ({string.Join(", ", shape)})");
        Data = data;
        Shape = shape;
    }

    public static NexusArray Scalar(double value) => new(new[] { value });
    public static NexusArray Scalar(int value) => new(new[] { value });
    public static NexusArray Scalar(long value) => new(new[] { value });
    public static NexusArray Vector(double[] values) => new(values, values.LongLength);
    public static NexusArray Vector(int[] values) => new(values, values.LongLength);
}
