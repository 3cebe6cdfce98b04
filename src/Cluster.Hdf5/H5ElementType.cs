using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>Numeric element types a dataset or attribute can be created with (stored little-endian, as in memory).</summary>
public enum H5ElementType { Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64 }

/// <summary>The HDF5 native type of each element type, and of each C# type the generic methods accept.</summary>
internal static class H5ElementTypes
{
    public static long NativeId(H5ElementType type) => type switch
    {
        H5ElementType.Int8 => Hdf5Native.H5T_NATIVE_INT8,
        H5ElementType.UInt8 => Hdf5Native.H5T_NATIVE_UINT8,
        H5ElementType.Int16 => Hdf5Native.H5T_NATIVE_INT16,
        H5ElementType.UInt16 => Hdf5Native.H5T_NATIVE_UINT16,
        H5ElementType.Int32 => Hdf5Native.H5T_NATIVE_INT32,
        H5ElementType.UInt32 => Hdf5Native.H5T_NATIVE_UINT32,
        H5ElementType.Int64 => Hdf5Native.H5T_NATIVE_INT64,
        H5ElementType.UInt64 => Hdf5Native.H5T_NATIVE_UINT64,
        H5ElementType.Float32 => Hdf5Native.H5T_NATIVE_FLOAT,
        H5ElementType.Float64 => Hdf5Native.H5T_NATIVE_DOUBLE,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an HDF5 element type"),
    };

    public static int Size(H5ElementType type) => type switch
    {
        H5ElementType.Int8 or H5ElementType.UInt8 => 1,
        H5ElementType.Int16 or H5ElementType.UInt16 => 2,
        H5ElementType.Int32 or H5ElementType.UInt32 or H5ElementType.Float32 => 4,
        _ => 8,
    };

    public static H5ElementType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(double) ? H5ElementType.Float64
        : typeof(T) == typeof(float) ? H5ElementType.Float32
        : typeof(T) == typeof(int) ? H5ElementType.Int32
        : typeof(T) == typeof(long) ? H5ElementType.Int64
        : typeof(T) == typeof(byte) ? H5ElementType.UInt8
        : typeof(T) == typeof(sbyte) ? H5ElementType.Int8
        : typeof(T) == typeof(short) ? H5ElementType.Int16
        : typeof(T) == typeof(ushort) ? H5ElementType.UInt16
        : typeof(T) == typeof(uint) ? H5ElementType.UInt32
        : typeof(T) == typeof(ulong) ? H5ElementType.UInt64
        : throw new NotSupportedException($"{typeof(T).Name} is not an HDF5 numeric element type (use double, float, int, long, uint, ulong, short, ushort, byte or sbyte)");

    public static long NativeIdOf<T>() where T : unmanaged => NativeId(Of<T>());
}
