using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>Dataspaces: created from shapes, read back as shapes (an empty shape is a scalar).</summary>
internal static unsafe class H5Spaces
{
    public static H5Id Create(ReadOnlySpan<long> shape, ReadOnlySpan<long> maxShape, H5Where where)
    {
        if (shape.Length == 0)
            return where.Take(Hdf5Native.H5Screate(Hdf5Native.H5S_SCALAR), H5IdKind.Dataspace, "create a scalar dataspace for");
        var dims = ToHsize(shape, where);
        var max = maxShape.Length == 0 ? dims : ToHsize(maxShape, where, allowUnlimited: true);
        if (max.Length != dims.Length)
            throw new ArgumentException($"max shape ({string.Join(", ", maxShape.ToArray())}) has another rank than shape ({string.Join(", ", shape.ToArray())}) for '{where.Path}'");
        fixed (ulong* d = dims, m = max)
            return where.Take(Hdf5Native.H5Screate_simple(dims.Length, d, m), H5IdKind.Dataspace, "create a dataspace for");
    }

    public static long[] Shape(long space, H5Where where) => Extent(space, where).Shape;

    public static (long[] Shape, long[] MaxShape) Extent(long space, H5Where where)
    {
        var rank = (int)where.Check(Hdf5Native.H5Sget_simple_extent_ndims(space), "get the rank of");
        var dims = new ulong[rank];
        var max = new ulong[rank];
        fixed (ulong* d = dims, m = max)
            where.Check(Hdf5Native.H5Sget_simple_extent_dims(space, d, m), "get the shape of");
        return (dims.Select(n => (long)n).ToArray(),
                max.Select(n => n == Hdf5Native.H5S_UNLIMITED ? H5Dataset.Unlimited : (long)n).ToArray());
    }

    public static long Count(long space, H5Where where) =>
        where.Check(Hdf5Native.H5Sget_simple_extent_npoints(space), "count the elements of");

    public static ulong[] ToHsize(ReadOnlySpan<long> values, H5Where where, bool allowUnlimited = false)
    {
        var result = new ulong[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (allowUnlimited && values[i] == H5Dataset.Unlimited) result[i] = Hdf5Native.H5S_UNLIMITED;
            else if (values[i] < 0) throw new ArgumentException($"negative extent {values[i]} for '{where.Path}' in '{where.FileName}'");
            else result[i] = (ulong)values[i];
        }
        return result;
    }
}
