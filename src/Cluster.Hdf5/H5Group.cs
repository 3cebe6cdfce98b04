using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// A group. Paths given to its methods are relative to it, or absolute (from the file's root); soft links on
/// the way are followed. Groups and datasets it returns are owned by the caller (dispose them).
/// </summary>
public sealed unsafe class H5Group : H5Object
{
    internal H5Group(H5Id id, H5Where where) : base(id, where) { }

    public H5Group CreateGroup(string name)
    {
        H5Library.EnterThread();
        var where = Where.Child(name);
        return new H5Group(where.Take(Hdf5Native.H5Gcreate2(Id.Value, name, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT), H5IdKind.Group, "create group"), where);
    }

    public H5Group OpenGroup(string path)
    {
        H5Library.EnterThread();
        var where = Where.Child(path);
        return new H5Group(where.Take(Hdf5Native.H5Gopen2(Id.Value, path, Hdf5Native.H5P_DEFAULT), H5IdKind.Group, "open group"), where);
    }

    public H5Dataset OpenDataset(string path)
    {
        H5Library.EnterThread();
        var where = Where.Child(path);
        return new H5Dataset(where.Take(Hdf5Native.H5Dopen2(Id.Value, path, Hdf5Native.H5P_DEFAULT), H5IdKind.Dataset, "open dataset"), where);
    }

    /// <summary>
    /// True when a link exists at <paramref name="path"/> (a dangling soft link counts) and every component
    /// before the last is a group.
    /// </summary>
    public bool Exists(string path)
    {
        H5Library.EnterThread();
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return true; // "/" or "": the root or this group
        var prefix = path.StartsWith('/') ? "" : ".";
        for (var i = 0; i < parts.Length; i++)
        {
            prefix = prefix.Length == 0 ? "/" + parts[i] : $"{prefix}/{parts[i]}";
            if (Where.Child(path).Check(Hdf5Native.H5Lexists(Id.Value, prefix, Hdf5Native.H5P_DEFAULT), "check link") <= 0) return false;
            if (i < parts.Length - 1 && TryKindOf(prefix) != H5MemberKind.Group) return false;
        }
        return true;
    }

    /// <summary>The links of this group in name order, with what each points to.</summary>
    public IReadOnlyList<H5Member> Members()
    {
        H5Library.EnterThread();
        var links = new List<(string Name, int Type)>();
        var handle = GCHandle.Alloc(links);
        try
        {
            Where.Check(Hdf5Native.H5Literate(Id.Value, Hdf5Native.H5_INDEX_NAME, Hdf5Native.H5_ITER_INC, null, &CollectLink, GCHandle.ToIntPtr(handle)), "list the members of");
        }
        finally
        {
            handle.Free();
        }
        return links.Select(link => link.Type switch
        {
            Hdf5Native.H5L_TYPE_SOFT => new H5Member(link.Name, H5MemberKind.SoftLink, SoftLinkTarget(link.Name)),
            Hdf5Native.H5L_TYPE_HARD => new H5Member(link.Name, KindOf(link.Name)),
            _ => new H5Member(link.Name, H5MemberKind.Other),
        }).ToList();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CollectLink(long group, byte* name, Hdf5Native.H5L_info_t* info, nint data)
    {
        ((List<(string, int)>)GCHandle.FromIntPtr(data).Target!).Add((Marshal.PtrToStringUTF8((nint)name) ?? "", info->type));
        return 0;
    }

    /// <summary>A soft link <paramref name="name"/> pointing at <paramref name="target"/> (resolved when opened, so it may dangle).</summary>
    public void CreateSoftLink(string name, string target)
    {
        H5Library.EnterThread();
        Where.Child(name).Check(Hdf5Native.H5Lcreate_soft(target, Id.Value, name, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT), $"create a soft link to '{target}' at");
    }

    /// <summary>A numeric dataset of <paramref name="shape"/> (empty: scalar), uninitialised until written.</summary>
    public H5Dataset CreateDataset(string name, H5ElementType type, ReadOnlySpan<long> shape, H5DatasetOptions? options = null)
    {
        H5Library.EnterThread();
        var where = Where.Child(name);
        var maxShape = options?.MaxShape is { } max ? max.ToArray() : shape.ToArray();
        using var space = H5Spaces.Create(shape, maxShape, where);
        using var plist = where.Take(Hdf5Native.H5Pcreate(Hdf5Native.H5P_DATASET_CREATE), H5IdKind.PropertyList, "create dataset properties for");
        var chunked = options is not null && (options.ChunkShape is not null || options.Shuffle || options.GzipLevel is not null || !maxShape.AsSpan().SequenceEqual(shape));
        if (chunked)
        {
            if (shape.Length == 0) throw new ArgumentException($"scalar dataset '{where.Path}' cannot be chunked or compressed");
            var chunk = H5Spaces.ToHsize(options!.ChunkShape is { } given ? given.ToArray() : H5ChunkShape.Choose(shape, maxShape, H5ElementTypes.Size(type)), where);
            fixed (ulong* c = chunk) where.Check(Hdf5Native.H5Pset_chunk(plist.Value, chunk.Length, c), "set the chunk shape of");
            if (options.Shuffle) where.Check(Hdf5Native.H5Pset_shuffle(plist.Value), "set the shuffle filter of");
            if (options.GzipLevel is { } level) where.Check(Hdf5Native.H5Pset_deflate(plist.Value, (uint)level), "set the gzip filter of");
        }
        if (options?.FillValue is { } fill)
            where.Check(Hdf5Native.H5Pset_fill_value(plist.Value, Hdf5Native.H5T_NATIVE_DOUBLE, &fill), "set the fill value of");
        return new H5Dataset(where.Take(Hdf5Native.H5Dcreate2(Id.Value, name, H5ElementTypes.NativeId(type), space.Value, Hdf5Native.H5P_DEFAULT, plist.Value, Hdf5Native.H5P_DEFAULT), H5IdKind.Dataset, "create dataset"), where);
    }

    /// <summary>A scalar string dataset, variable-length UTF-8 by default (h5py reads <c>str</c>).</summary>
    public H5Dataset CreateStringDataset(string name, string value, H5StringLayout layout = H5StringLayout.VariableLength) =>
        CreateStrings(name, [value], scalar: true, layout);

    /// <summary>A 1-D string dataset, fixed-length by default (h5py reads <c>bytes</c> elements; MANTiS reads <c>definition[0]</c> so).</summary>
    public H5Dataset CreateStringDataset(string name, IReadOnlyList<string> values, H5StringLayout layout = H5StringLayout.FixedLength) =>
        CreateStrings(name, values, scalar: false, layout);

    private H5Dataset CreateStrings(string name, IReadOnlyList<string> values, bool scalar, H5StringLayout layout)
    {
        H5Library.EnterThread();
        var where = Where.Child(name);
        using var type = H5Values.StringType(values, layout, where);
        using var space = H5Spaces.Create(scalar ? [] : [values.Count], [], where);
        var dataset = new H5Dataset(where.Take(Hdf5Native.H5Dcreate2(Id.Value, name, type.Value, space.Value, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT), H5IdKind.Dataset, "create dataset"), where);
        try
        {
            H5Values.WriteStrings(values, type, where, (memoryType, buffer) =>
                Hdf5Native.H5Dwrite(dataset.Id.Value, memoryType, Hdf5Native.H5S_ALL, Hdf5Native.H5S_ALL, Hdf5Native.H5P_DEFAULT, buffer));
            return dataset;
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }

    private H5MemberKind KindOf(string path) =>
        TryKindOf(path) ?? throw H5Library.Failure("open object", Where.Child(path).Path, FileName);

    /// <summary>What the object at <paramref name="path"/> is; null when it cannot be opened (e.g. a dangling link), with HDF5's error stack left for the caller.</summary>
    private H5MemberKind? TryKindOf(string path)
    {
        var id = Hdf5Native.H5Oopen(Id.Value, path, Hdf5Native.H5P_DEFAULT);
        if (id < 0) return null;
        using var target = Where.Child(path).Take(id, H5IdKind.Object, "open object");
        return Hdf5Native.H5Iget_type(target.Value) switch
        {
            Hdf5Native.H5I_GROUP => H5MemberKind.Group,
            Hdf5Native.H5I_DATASET => H5MemberKind.Dataset,
            _ => H5MemberKind.Other,
        };
    }

    private string SoftLinkTarget(string name)
    {
        var where = Where.Child(name);
        Hdf5Native.H5L_info_t info;
        where.Check(Hdf5Native.H5Lget_info(Id.Value, name, &info, Hdf5Native.H5P_DEFAULT), "get link info of");
        var buffer = new byte[info.u];
        fixed (byte* b = buffer) where.Check(Hdf5Native.H5Lget_val(Id.Value, name, b, (nuint)buffer.Length, Hdf5Native.H5P_DEFAULT), "read the soft link");
        var end = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end >= 0 ? end : buffer.Length);
    }
}
