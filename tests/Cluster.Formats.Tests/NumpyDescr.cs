using Cluster.Formats;

namespace Cluster.Formats.Tests;

/// <summary>The little-endian descr numpy uses for each dtype, as listed in the specification (independent of the library's table).</summary>
public static class NumpyDescr
{
    public static readonly IReadOnlyDictionary<NpyDtype, string> LittleEndian = new Dictionary<NpyDtype, string>
    {
        [NpyDtype.Bool] = "|b1",
        [NpyDtype.Int8] = "|i1",
        [NpyDtype.Int16] = "<i2",
        [NpyDtype.Int32] = "<i4",
        [NpyDtype.Int64] = "<i8",
        [NpyDtype.UInt8] = "|u1",
        [NpyDtype.UInt16] = "<u2",
        [NpyDtype.UInt32] = "<u4",
        [NpyDtype.UInt64] = "<u8",
        [NpyDtype.Float32] = "<f4",
        [NpyDtype.Float64] = "<f8",
        [NpyDtype.Complex64] = "<c8",
        [NpyDtype.Complex128] = "<c16",
    };

    /// <summary>Every dtype, for theories.</summary>
    public static TheoryData<NpyDtype> All => new(Enum.GetValues<NpyDtype>());
}
