using System.Numerics;

namespace Cluster.Formats;

/// <summary>How each <see cref="NpyDtype"/> is spelled in an .npy header and held in .NET.</summary>
internal sealed record NpyDtypeInfo(NpyDtype Dtype, char Kind, int ItemSize, Type ElementType)
{
    private static readonly NpyDtypeInfo[] All =
    [
        new(NpyDtype.Bool, 'b', 1, typeof(bool)),
        new(NpyDtype.Int8, 'i', 1, typeof(sbyte)),
        new(NpyDtype.Int16, 'i', 2, typeof(short)),
        new(NpyDtype.Int32, 'i', 4, typeof(int)),
        new(NpyDtype.Int64, 'i', 8, typeof(long)),
        new(NpyDtype.UInt8, 'u', 1, typeof(byte)),
        new(NpyDtype.UInt16, 'u', 2, typeof(ushort)),
        new(NpyDtype.UInt32, 'u', 4, typeof(uint)),
        new(NpyDtype.UInt64, 'u', 8, typeof(ulong)),
        new(NpyDtype.Float32, 'f', 4, typeof(float)),
        new(NpyDtype.Float64, 'f', 8, typeof(double)),
        new(NpyDtype.Complex64, 'c', 8, typeof(Complex64)),
        new(NpyDtype.Complex128, 'c', 16, typeof(Complex)),
    ];

    /// <summary>The descr numpy writes: '|' for single bytes, where byte order has no meaning, else '&lt;'.</summary>
    public string LittleEndianDescr => $"{(ItemSize == 1 ? '|' : '<')}{Kind}{ItemSize}";

    public static NpyDtypeInfo Of(NpyDtype dtype) =>
        All.FirstOrDefault(info => info.Dtype == dtype)
        ?? throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a known NpyDtype");

    public static NpyDtypeInfo? ForElementType(Type elementType) =>
        All.FirstOrDefault(info => info.ElementType == elementType);

    public static NpyDtypeInfo? ForKindAndSize(char kind, int itemSize) =>
        All.FirstOrDefault(info => info.Kind == kind && info.ItemSize == itemSize);
}
