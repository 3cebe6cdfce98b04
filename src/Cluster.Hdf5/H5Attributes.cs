using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// The attributes of a group or dataset. Writing replaces an attribute of the same name. Numbers are stored
/// with the element type of <c>T</c>; reading converts to <c>T</c> in HDF5 (an int16 attribute reads as double).
/// </summary>
public sealed unsafe class H5Attributes
{
    private readonly H5Id _owner;
    private readonly H5Where _where;

    internal H5Attributes(H5Id owner, H5Where where)
    {
        _owner = owner;
        _where = where;
    }

    public bool Exists(string name)
    {
        H5Library.EnterThread();
        return At(name).Check(Hdf5Native.H5Aexists(_owner.Value, name), "check attribute") > 0;
    }

    /// <summary>Attribute names in name order.</summary>
    public IReadOnlyList<string> Names()
    {
        H5Library.EnterThread();
        var names = new List<string>();
        var handle = GCHandle.Alloc(names);
        try
        {
            _where.Check(Hdf5Native.H5Aiterate2(_owner.Value, Hdf5Native.H5_INDEX_NAME, Hdf5Native.H5_ITER_INC, null, &CollectName, GCHandle.ToIntPtr(handle)), "list the attributes of");
        }
        finally
        {
            handle.Free();
        }
        return names;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CollectName(long location, byte* name, void* info, nint data)
    {
        ((List<string>)GCHandle.FromIntPtr(data).Target!).Add(Marshal.PtrToStringUTF8((nint)name) ?? "");
        return 0;
    }

    /// <summary>A numeric scalar attribute.</summary>
    public void Write<T>(string name, T value) where T : unmanaged =>
        WriteNumbers(name, new ReadOnlySpan<T>(in value), scalar: true);

    /// <summary>A numeric 1-D attribute.</summary>
    public void WriteArray<T>(string name, ReadOnlySpan<T> values) where T : unmanaged =>
        WriteNumbers(name, values, scalar: false);

    /// <summary>A scalar string; variable-length UTF-8 by default (h5py reads <c>str</c>).</summary>
    public void WriteString(string name, string value, H5StringLayout layout = H5StringLayout.VariableLength) =>
        WriteStringValues(name, [value], scalar: true, layout);

    /// <summary>A 1-D string array; fixed-length by default (h5py reads <c>bytes</c> elements, as MANTiS expects for <c>@axes</c>).</summary>
    public void WriteStrings(string name, IReadOnlyList<string> values, H5StringLayout layout = H5StringLayout.FixedLength) =>
        WriteStringValues(name, values, scalar: false, layout);

    /// <summary>A numeric attribute holding exactly one value (scalar or one-element array).</summary>
    public T Read<T>(string name) where T : unmanaged
    {
        var values = ReadArray<T>(name);
        return values.Length == 1 ? values[0] : throw new Hdf5Exception("read a single value from attribute", At(name).Path, _where.FileName, $"it holds {values.Length} values");
    }

    /// <summary>All values of a numeric attribute, flattened in row-major order.</summary>
    public T[] ReadArray<T>(string name) where T : unmanaged
    {
        var where = At(name);
        using var attribute = Open(name, where);
        using var type = where.Take(Hdf5Native.H5Aget_type(attribute.Value), H5IdKind.Datatype, "get the type of attribute");
        using var space = where.Take(Hdf5Native.H5Aget_space(attribute.Value), H5IdKind.Dataspace, "get the dataspace of attribute");
        return H5Values.ReadNumbers<T>(type.Value, H5Spaces.Count(space.Value, where), where,
            (memoryType, buffer) => Hdf5Native.H5Aread(attribute.Value, memoryType, buffer));
    }

    /// <summary>A string attribute holding exactly one string (scalar or one-element array, either layout).</summary>
    public string ReadString(string name)
    {
        var values = ReadStrings(name);
        return values.Length == 1 ? values[0] : throw new Hdf5Exception("read a single string from attribute", At(name).Path, _where.FileName, $"it holds {values.Length} strings");
    }

    /// <summary>All strings of a string attribute (either layout, any rank).</summary>
    public string[] ReadStrings(string name)
    {
        var where = At(name);
        using var attribute = Open(name, where);
        using var type = where.Take(Hdf5Native.H5Aget_type(attribute.Value), H5IdKind.Datatype, "get the type of attribute");
        using var space = where.Take(Hdf5Native.H5Aget_space(attribute.Value), H5IdKind.Dataspace, "get the dataspace of attribute");
        return H5Values.ReadStrings(type.Value, space.Value, H5Spaces.Count(space.Value, where), where,
            (memoryType, buffer) => Hdf5Native.H5Aread(attribute.Value, memoryType, buffer));
    }

    private void WriteNumbers<T>(string name, ReadOnlySpan<T> values, bool scalar) where T : unmanaged
    {
        var where = At(name);
        var storedType = H5ElementTypes.NativeIdOf<T>();
        using var attribute = Create(name, storedType, scalar ? [] : [values.Length], where);
        H5Values.WriteNumbers(values, values.Length, where, (memoryType, buffer) => Hdf5Native.H5Awrite(attribute.Value, memoryType, buffer));
    }

    private void WriteStringValues(string name, IReadOnlyList<string> values, bool scalar, H5StringLayout layout)
    {
        H5Library.EnterThread();
        var where = At(name);
        using var type = H5Values.StringType(values, layout, where);
        using var attribute = Create(name, type.Value, scalar ? [] : [values.Count], where);
        H5Values.WriteStrings(values, type, where, (memoryType, buffer) => Hdf5Native.H5Awrite(attribute.Value, memoryType, buffer));
    }

    private H5Id Create(string name, long type, ReadOnlySpan<long> shape, H5Where where)
    {
        H5Library.EnterThread();
        if (where.Check(Hdf5Native.H5Aexists(_owner.Value, name), "check attribute") > 0)
            where.Check(Hdf5Native.H5Adelete(_owner.Value, name), "replace attribute");
        using var space = H5Spaces.Create(shape, [], where);
        return where.Take(Hdf5Native.H5Acreate2(_owner.Value, name, type, space.Value, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT), H5IdKind.Attribute, "create attribute");
    }

    private H5Id Open(string name, H5Where where)
    {
        H5Library.EnterThread();
        return where.Take(Hdf5Native.H5Aopen(_owner.Value, name, Hdf5Native.H5P_DEFAULT), H5IdKind.Attribute, "open attribute");
    }

    // Attributes are reported as "<object>@<name>", the notation NeXus documentation uses.
    private H5Where At(string name) => new($"{_where.Path}@{name}", _where.FileName);
}
