namespace Cluster.Formats;

/// <summary>
/// An n-dimensional numpy array: element type, shape and the elements in C (row-major) order in a 1-D
/// .NET array of the matching type (bool[], sbyte[], short[], int[], long[], byte[], ushort[], uint[], ulong[],
/// float[], double[], <see cref="Complex64"/>[], <see cref="System.Numerics.Complex"/>[]).
/// An empty shape is a 0-d array (a scalar) with one element, as in numpy.
/// </summary>
public sealed class NpyArray
{
    private NpyArray(NpyDtype dtype, long[] shape, Array data)
    {
        Dtype = dtype;
        Shape = shape;
        Data = data;
    }

    public NpyDtype Dtype { get; }

    /// <summary>The dimensions; do not modify (the array is shared, not copied, for speed).</summary>
    public long[] Shape { get; }

    /// <summary>The elements in C order; its element type matches <see cref="Dtype"/>.</summary>
    public Array Data { get; }

    public long ElementCount => Data.LongLength;

    /// <summary>
    /// Wraps <paramref name="data"/> (not copied) as an array of the given shape; the dtype follows from
    /// <typeparamref name="T"/>. Pass the shape explicitly: no dimensions means a 0-d scalar.
    /// </summary>
    public static NpyArray Create<T>(T[] data, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        // The runtime element type, not T: the CLR lets a ushort[] pass as short[] (and uint[] as int[], ...).
        var elementType = data.GetType().GetElementType()!;
        var info = NpyDtypeInfo.ForElementType(elementType)
            ?? throw new ArgumentException(
                $"{elementType.Name} has no numpy dtype here; use one of bool, sbyte, short, int, long, byte, ushort, uint, ulong, float, double, Complex64, Complex",
                nameof(data));
        var elementCount = NpyShape.ElementCount(shape)
            ?? throw new ArgumentException($"shape {NpyShape.Format(shape)} has a negative or overflowing dimension", nameof(shape));
        if (elementCount != data.LongLength)
        {
            var hint = shape.Length == 0 ? $" (an empty shape is a 0-d scalar; for a vector pass Create(data, {data.LongLength}))" : "";
            throw new ArgumentException(
                $"shape {NpyShape.Format(shape)} holds {elementCount} elements but the data has {data.LongLength}{hint}",
                nameof(shape));
        }
        return new NpyArray(info.Dtype, (long[])shape.Clone(), data);
    }

    /// <summary>For the reader, which has already checked that the data matches dtype and shape.</summary>
    internal static NpyArray FromValidated(NpyDtype dtype, long[] shape, Array data) => new(dtype, shape, data);

    /// <summary>The elements as <typeparamref name="T"/>[] (not a copy); throws if the dtype holds another type.</summary>
    public T[] As<T>() =>
        // An exact type test: 'Data as T[]' would hand out a ushort[] as short[], reinterpreting the values.
        Data.GetType() == typeof(T[])
            ? (T[])Data
            : throw new InvalidOperationException($"the array holds {Dtype} elements ({Data.GetType().Name}), not {typeof(T).Name}[]");

    public override string ToString() => $"NpyArray({Dtype}, shape {NpyShape.Format(Shape)})";
}
