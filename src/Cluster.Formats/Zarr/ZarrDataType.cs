using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace Cluster.Formats.Zarr;

/// <summary>A Zarr v3 numeric <c>data_type</c> and how its elements are held in .NET (as the numpy dtype of the same name).</summary>
public sealed record ZarrDataType(string Name, NpyDtype Dtype, int ItemSize, Type ElementType)
{
    private static readonly ZarrDataType[] All =
    [
        new("bool", NpyDtype.Bool, 1, typeof(bool)),
        new("int8", NpyDtype.Int8, 1, typeof(sbyte)),
        new("int16", NpyDtype.Int16, 2, typeof(short)),
        new("int32", NpyDtype.Int32, 4, typeof(int)),
        new("int64", NpyDtype.Int64, 8, typeof(long)),
        new("uint8", NpyDtype.UInt8, 1, typeof(byte)),
        new("uint16", NpyDtype.UInt16, 2, typeof(ushort)),
        new("uint32", NpyDtype.UInt32, 4, typeof(uint)),
        new("uint64", NpyDtype.UInt64, 8, typeof(ulong)),
        new("float32", NpyDtype.Float32, 4, typeof(float)),
        new("float64", NpyDtype.Float64, 8, typeof(double)),
    ];

    public static ZarrDataType? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    public static IEnumerable<string> Names => All.Select(t => t.Name);

    /// <summary>
    /// The little-endian bytes of one element equal to a <c>fill_value</c>: a JSON number, true/false for bool, or for
    /// floats "NaN", "Infinity", "-Infinity" or a hex bit pattern "0x7fc00000" (the spec's encodings).
    /// </summary>
    /// <exception cref="FormatException">The value does not fit the type.</exception>
    public byte[] EncodeFillValue(JsonElement value)
    {
        var bytes = new byte[ItemSize];
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text)
        {
            if (Dtype is not (NpyDtype.Float32 or NpyDtype.Float64))
                throw new FormatException($"fill_value \"{text}\" is not a {Name}");
            if (text.StartsWith("0x", StringComparison.Ordinal))
            {
                var bits = ulong.Parse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (ItemSize == 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes, checked((uint)bits));
                else BinaryPrimitives.WriteUInt64LittleEndian(bytes, bits);
                return bytes;
            }
            if (text == "NaN")
            {
                // The canonical quiet NaN numpy writes (sign bit clear); .NET's double.NaN has the sign bit set.
                if (ItemSize == 4) BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0x7FC00000u);
                else BinaryPrimitives.WriteUInt64LittleEndian(bytes, 0x7FF8000000000000ul);
                return bytes;
            }
            var special = text switch
            {
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => throw new FormatException($"fill_value \"{text}\" is not a number, NaN, Infinity, -Infinity or 0x bits"),
            };
            WriteFloat(bytes, special);
            return bytes;
        }
        switch (Dtype)
        {
            case NpyDtype.Bool:
                bytes[0] = value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => throw new FormatException($"fill_value {value} is not true or false"),
                };
                break;
            case NpyDtype.Int8: bytes[0] = (byte)value.GetSByte(); break;
            case NpyDtype.UInt8: bytes[0] = value.GetByte(); break;
            case NpyDtype.Int16: BinaryPrimitives.WriteInt16LittleEndian(bytes, value.GetInt16()); break;
            case NpyDtype.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(bytes, value.GetUInt16()); break;
            case NpyDtype.Int32: BinaryPrimitives.WriteInt32LittleEndian(bytes, value.GetInt32()); break;
            case NpyDtype.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(bytes, value.GetUInt32()); break;
            case NpyDtype.Int64: BinaryPrimitives.WriteInt64LittleEndian(bytes, value.GetInt64()); break;
            case NpyDtype.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.GetUInt64()); break;
            case NpyDtype.Float32 or NpyDtype.Float64: WriteFloat(bytes, value.GetDouble()); break;
            default: throw new FormatException($"no fill value encoding for {Name}");
        }
        return bytes;
    }

    private void WriteFloat(byte[] bytes, double value)
    {
        if (ItemSize == 4) BinaryPrimitives.WriteSingleLittleEndian(bytes, (float)value);
        else BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
    }
}
