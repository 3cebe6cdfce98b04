using System.Runtime.InteropServices;
using System.Text;
using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// Moves numbers and strings between managed arrays and HDF5, for datasets and attributes alike: the caller
/// passes the stored type and a read or write call taking (memory type, buffer).
/// </summary>
internal static unsafe class H5Values
{
    public delegate int Transfer(long memoryType, void* buffer);

    public static H5DataType Describe(long typeId, H5Where where)
    {
        var cls = (int)where.Check(Hdf5Native.H5Tget_class(typeId), "get the type class of");
        var size = (int)Hdf5Native.H5Tget_size(typeId);
        return cls switch
        {
            Hdf5Native.H5T_INTEGER => new(H5TypeClass.Integer, size, Hdf5Native.H5Tget_sign(typeId) != Hdf5Native.H5T_SGN_NONE, false),
            Hdf5Native.H5T_FLOAT => new(H5TypeClass.Float, size, true, false),
            Hdf5Native.H5T_STRING => new(H5TypeClass.String, size, false, where.Check(Hdf5Native.H5Tis_variable_str(typeId), "inspect the string type of") > 0),
            _ => new(H5TypeClass.Other, size, false, false),
        };
    }

    public static T[] ReadNumbers<T>(long storedType, long count, H5Where where, Transfer read) where T : unmanaged
    {
        var stored = Describe(storedType, where);
        if (stored.Class is not (H5TypeClass.Integer or H5TypeClass.Float))
            throw new Hdf5Exception("read numbers from", where.Path, where.FileName, $"it holds {Name(stored)}, not numbers");
        var values = new T[count];
        fixed (T* buffer = values)
            where.Check(read(H5ElementTypes.NativeIdOf<T>(), buffer), "read");
        return values;
    }

    public static void WriteNumbers<T>(ReadOnlySpan<T> values, long expected, H5Where where, Transfer write) where T : unmanaged
    {
        if (values.Length != expected)
            throw new ArgumentException($"{values.Length} values given for '{where.Path}' in '{where.FileName}', which holds {expected}");
        fixed (T* buffer = values)
            where.Check(write(H5ElementTypes.NativeIdOf<T>(), buffer), "write");
    }

    /// <summary>The stored type for <paramref name="values"/> in <paramref name="layout"/> (see <see cref="H5StringLayout"/>).</summary>
    public static H5Id StringType(IReadOnlyList<string> values, H5StringLayout layout, H5Where where)
    {
        var type = where.Take(Hdf5Native.H5Tcopy(Hdf5Native.H5T_C_S1), H5IdKind.Datatype, "create a string type for");
        if (layout == H5StringLayout.VariableLength)
        {
            where.Check(Hdf5Native.H5Tset_size(type.Value, Hdf5Native.H5T_VARIABLE), "set the string size of");
            where.Check(Hdf5Native.H5Tset_cset(type.Value, Hdf5Native.H5T_CSET_UTF8), "set the character set of");
            return type;
        }
        var longest = values.Count == 0 ? 0 : values.Max(Encoding.UTF8.GetByteCount);
        var ascii = values.All(v => v.All(char.IsAscii));
        // As NAPI writes them (the PolLux files): null-terminated, exactly as long as the longest value.
        where.Check(Hdf5Native.H5Tset_size(type.Value, (nuint)Math.Max(1, longest)), "set the string size of");
        where.Check(Hdf5Native.H5Tset_strpad(type.Value, Hdf5Native.H5T_STR_NULLTERM), "set the string padding of");
        where.Check(Hdf5Native.H5Tset_cset(type.Value, ascii ? Hdf5Native.H5T_CSET_ASCII : Hdf5Native.H5T_CSET_UTF8), "set the character set of");
        return type;
    }

    /// <summary>Writes <paramref name="values"/> with <paramref name="type"/> (from <see cref="StringType"/>) as the memory type.</summary>
    public static void WriteStrings(IReadOnlyList<string> values, H5Id type, H5Where where, Transfer write)
    {
        if (where.Check(Hdf5Native.H5Tis_variable_str(type.Value), "inspect the string type of") > 0)
        {
            var pointers = new nint[values.Count];
            try
            {
                for (var i = 0; i < values.Count; i++) pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
                fixed (nint* buffer = pointers)
                    where.Check(write(type.Value, buffer), "write strings to");
            }
            finally
            {
                foreach (var p in pointers) Marshal.FreeCoTaskMem(p);
            }
            return;
        }
        var size = (int)Hdf5Native.H5Tget_size(type.Value);
        var bytes = new byte[(long)size * values.Count];
        for (var i = 0; i < values.Count; i++)
            Encoding.UTF8.GetBytes(values[i], bytes.AsSpan(i * size, size));
        fixed (byte* buffer = bytes)
            where.Check(write(type.Value, buffer), "write strings to");
    }

    public static string[] ReadStrings(long storedType, long space, long count, H5Where where, Transfer read)
    {
        var stored = Describe(storedType, where);
        if (stored.Class != H5TypeClass.String)
            throw new Hdf5Exception("read strings from", where.Path, where.FileName, $"it holds {Name(stored)}, not strings");
        var cset = Hdf5Native.H5Tget_cset(storedType);
        var values = new string[count];
        if (stored.IsVariableLengthString)
        {
            // Same character set as stored: HDF5 does not convert between ASCII and UTF-8.
            using var memory = where.Take(Hdf5Native.H5Tcopy(Hdf5Native.H5T_C_S1), H5IdKind.Datatype, "create a string type for");
            where.Check(Hdf5Native.H5Tset_size(memory.Value, Hdf5Native.H5T_VARIABLE), "set the string size of");
            where.Check(Hdf5Native.H5Tset_cset(memory.Value, cset), "set the character set of");
            var pointers = new nint[count];
            fixed (nint* buffer = pointers)
            {
                where.Check(read(memory.Value, buffer), "read strings from");
                for (var i = 0; i < count; i++) values[i] = Marshal.PtrToStringUTF8(pointers[i]) ?? "";
                where.Check(Hdf5Native.H5Dvlen_reclaim(memory.Value, space, Hdf5Native.H5P_DEFAULT, buffer), "free the strings read from");
            }
            return values;
        }
        // Fixed length: read with the stored type itself, so that no conversion can cut a character.
        using var fixedType = where.Take(Hdf5Native.H5Tcopy(storedType), H5IdKind.Datatype, "copy the string type of");
        var size = stored.Size;
        var spacePadded = Hdf5Native.H5Tget_strpad(storedType) == Hdf5Native.H5T_STR_SPACEPAD;
        var bytes = new byte[(long)size * count];
        fixed (byte* buffer = bytes)
            where.Check(read(fixedType.Value, buffer), "read strings from");
        for (var i = 0; i < count; i++)
        {
            var item = bytes.AsSpan(i * size, size);
            var end = item.IndexOf((byte)0);
            if (end >= 0) item = item[..end];
            if (spacePadded) item = item.TrimEnd((byte)' ');
            values[i] = Encoding.UTF8.GetString(item);
        }
        return values;
    }

    private static string Name(H5DataType type) => type.Class switch
    {
        H5TypeClass.String => "strings",
        H5TypeClass.Integer => $"{type.Size}-byte integers",
        H5TypeClass.Float => $"{type.Size}-byte floats",
        _ => "a compound, enum, reference or other non-numeric type",
    };
}
