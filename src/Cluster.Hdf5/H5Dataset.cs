using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// A dataset. Numbers are written from and read into arrays of any supported C# type; HDF5 converts between
/// the memory type and the stored element type (an int16 dataset reads as double, a double array writes into
/// a float32 dataset). Arrays are flat and row-major, as in numpy.
/// </summary>
public sealed unsafe class H5Dataset : H5Object
{
    /// <summary>The extent of a dimension in <see cref="H5DatasetOptions.MaxShape"/> that can grow without bound.</summary>
    public const long Unlimited = -1;

    internal H5Dataset(H5Id id, H5Where where) : base(id, where) { }

    /// <summary>The current extents; empty for a scalar.</summary>
    public long[] Shape => WithSpace(space => H5Spaces.Shape(space, Where));

    /// <summary>The extents it may grow to, <see cref="Unlimited"/> where unbounded.</summary>
    public long[] MaxShape => WithSpace(space => H5Spaces.Extent(space, Where).MaxShape);

    /// <summary>Number of elements (1 for a scalar).</summary>
    public long Count => WithSpace(space => H5Spaces.Count(space, Where));

    public H5DataType DataType
    {
        get
        {
            H5Library.EnterThread();
            using var type = Where.Take(Hdf5Native.H5Dget_type(Id.Value), H5IdKind.Datatype, "get the type of");
            return H5Values.Describe(type.Value, Where);
        }
    }

    /// <summary>The chunk shape, or null when the dataset is contiguous or compact.</summary>
    public long[]? ChunkShape
    {
        get
        {
            using var plist = CreationProperties();
            if (Hdf5Native.H5Pget_layout(plist.Value) != Hdf5Native.H5D_CHUNKED) return null;
            var dims = new ulong[32];
            int rank;
            fixed (ulong* d = dims) rank = (int)Where.Check(Hdf5Native.H5Pget_chunk(plist.Value, dims.Length, d), "get the chunk shape of");
            return dims.Take(rank).Select(n => (long)n).ToArray();
        }
    }

    /// <summary>Number of filters (shuffle, gzip, ...) in the pipeline.</summary>
    public int FilterCount
    {
        get
        {
            using var plist = CreationProperties();
            return (int)Where.Check(Hdf5Native.H5Pget_nfilters(plist.Value), "count the filters of");
        }
    }

    /// <summary>Writes the whole dataset; <paramref name="data"/> must hold exactly <see cref="Count"/> elements.</summary>
    public void Write<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        H5Library.EnterThread();
        H5Values.WriteNumbers(data, Count, Where, (memoryType, buffer) =>
            Hdf5Native.H5Dwrite(Id.Value, memoryType, Hdf5Native.H5S_ALL, Hdf5Native.H5S_ALL, Hdf5Native.H5P_DEFAULT, buffer));
    }

    /// <summary>Writes the block of <paramref name="count"/> elements per dimension starting at <paramref name="start"/>.</summary>
    public void WriteSlab<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count, ReadOnlySpan<T> data) where T : unmanaged
    {
        H5Library.EnterThread();
        using var fileSpace = SelectSlab(start, count);
        using var memorySpace = H5Spaces.Create(count, [], Where);
        H5Values.WriteNumbers(data, Product(count), Where, (memoryType, buffer) =>
            Hdf5Native.H5Dwrite(Id.Value, memoryType, memorySpace.Value, fileSpace.Value, Hdf5Native.H5P_DEFAULT, buffer));
    }

    /// <summary>Reads every element, converted to <typeparamref name="T"/>.</summary>
    public T[] Read<T>() where T : unmanaged
    {
        H5Library.EnterThread();
        using var type = Where.Take(Hdf5Native.H5Dget_type(Id.Value), H5IdKind.Datatype, "get the type of");
        return H5Values.ReadNumbers<T>(type.Value, Count, Where, (memoryType, buffer) =>
            Hdf5Native.H5Dread(Id.Value, memoryType, Hdf5Native.H5S_ALL, Hdf5Native.H5S_ALL, Hdf5Native.H5P_DEFAULT, buffer));
    }

    /// <summary>Reads the block of <paramref name="count"/> elements per dimension starting at <paramref name="start"/>.</summary>
    public T[] ReadSlab<T>(ReadOnlySpan<long> start, ReadOnlySpan<long> count) where T : unmanaged
    {
        H5Library.EnterThread();
        using var type = Where.Take(Hdf5Native.H5Dget_type(Id.Value), H5IdKind.Datatype, "get the type of");
        using var fileSpace = SelectSlab(start, count);
        using var memorySpace = H5Spaces.Create(count, [], Where);
        return H5Values.ReadNumbers<T>(type.Value, Product(count), Where, (memoryType, buffer) =>
            Hdf5Native.H5Dread(Id.Value, memoryType, memorySpace.Value, fileSpace.Value, Hdf5Native.H5P_DEFAULT, buffer));
    }

    /// <summary>Reads a string dataset of either layout and any rank (a scalar gives one string).</summary>
    public string[] ReadStrings()
    {
        H5Library.EnterThread();
        using var type = Where.Take(Hdf5Native.H5Dget_type(Id.Value), H5IdKind.Datatype, "get the type of");
        using var space = Where.Take(Hdf5Native.H5Dget_space(Id.Value), H5IdKind.Dataspace, "get the dataspace of");
        return H5Values.ReadStrings(type.Value, space.Value, H5Spaces.Count(space.Value, Where), Where, (memoryType, buffer) =>
            Hdf5Native.H5Dread(Id.Value, memoryType, Hdf5Native.H5S_ALL, Hdf5Native.H5S_ALL, Hdf5Native.H5P_DEFAULT, buffer));
    }

    /// <summary>Grows (or shrinks) the dataset to <paramref name="newShape"/>, within its <see cref="MaxShape"/>.</summary>
    public void Extend(ReadOnlySpan<long> newShape)
    {
        H5Library.EnterThread();
        var dims = H5Spaces.ToHsize(newShape, Where);
        if (dims.Length != Shape.Length)
            throw new ArgumentException($"new shape ({string.Join(", ", newShape.ToArray())}) has another rank than '{Path}' in '{FileName}' ({string.Join(", ", Shape)})");
        fixed (ulong* d = dims) Where.Check(Hdf5Native.H5Dset_extent(Id.Value, d), "extend");
    }

    private H5Id SelectSlab(ReadOnlySpan<long> start, ReadOnlySpan<long> count)
    {
        if (start.Length != count.Length)
            throw new ArgumentException($"slab start has rank {start.Length} but count has rank {count.Length} for '{Path}'");
        var space = Where.Take(Hdf5Native.H5Dget_space(Id.Value), H5IdKind.Dataspace, "get the dataspace of");
        var offsets = H5Spaces.ToHsize(start, Where);
        var counts = H5Spaces.ToHsize(count, Where);
        try
        {
            fixed (ulong* s = offsets, c = counts)
                Where.Check(Hdf5Native.H5Sselect_hyperslab(space.Value, Hdf5Native.H5S_SELECT_SET, s, null, c, null), "select a slab of");
            return space;
        }
        catch
        {
            space.Dispose();
            throw;
        }
    }

    private H5Id CreationProperties()
    {
        H5Library.EnterThread();
        return Where.Take(Hdf5Native.H5Dget_create_plist(Id.Value), H5IdKind.PropertyList, "get the creation properties of");
    }

    private T WithSpace<T>(Func<long, T> use)
    {
        H5Library.EnterThread();
        using var space = Where.Take(Hdf5Native.H5Dget_space(Id.Value), H5IdKind.Dataspace, "get the dataspace of");
        return use(space.Value);
    }

    private static long Product(ReadOnlySpan<long> values)
    {
        var product = 1L;
        foreach (var v in values) product *= v;
        return product;
    }
}
