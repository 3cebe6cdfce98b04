using System.Buffers.Binary;
using System.Text;

namespace Cluster.Signal;

/// <summary>Reads a TDMS segment's metadata bytes; every overrun is an error naming the file, segment and field.</summary>
internal sealed class TdmsCursor(byte[] bytes, bool bigEndian, string path, string where)
{
    private int position;

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count < 0 || position + count > bytes.Length)
            throw new InvalidIqFileException(path, $"{where}: metadata ends inside {field} (needs {count} bytes at metadata byte {position} of {bytes.Length})");
        var span = bytes.AsSpan(position, count);
        position += count;
        return span;
    }

    public uint U32(string field) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(Take(4, field)) : BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong U64(string field) => bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(Take(8, field)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public string String(string field)
    {
        var length = U32(field + " length");
        if (length > int.MaxValue)
            throw new InvalidIqFileException(path, $"{where}: {field} claims {length} bytes");
        return Encoding.UTF8.GetString(Take((int)length, field));
    }

    /// <summary>A property value: numbers as double/long/ulong, strings, booleans, timestamps as DateTimeOffset.</summary>
    public object Value(int type, string field)
    {
        switch (type)
        {
            case 0x20:
                return String(field);
            case 0x21:
                return Take(1, field)[0] != 0;
            case 0x44:
            {
                var b = Take(16, field);
                // LabVIEW timestamp: seconds since 1904-01-01 UTC (i64) and 2^-64 fractions (u64), low word first in LE files.
                var fractions = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b[8..]) : BinaryPrimitives.ReadUInt64LittleEndian(b);
                var seconds = bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b[8..]);
                return new DateTimeOffset(1904, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds + fractions / 18446744073709551616.0);
            }
            default:
                var size = TdmsFile.ValueSize(type)
                    ?? throw new InvalidIqFileException(path, $"{where}: {field} has unknown data type 0x{type:x}");
                var raw = Take(size, field);
                return type is 4 ? (bigEndian ? BinaryPrimitives.ReadInt64BigEndian(raw) : BinaryPrimitives.ReadInt64LittleEndian(raw))
                    : type is 8 ? (bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(raw) : BinaryPrimitives.ReadUInt64LittleEndian(raw))
                    : Number(type, raw, bigEndian) ?? (object)raw.ToArray();
        }
    }

    public static double? Number(int type, ReadOnlySpan<byte> b, bool be) => type switch
    {
        1 => (sbyte)b[0],
        2 => be ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
        3 => be ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b),
        4 => be ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b),
        5 => b[0],
        6 => be ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b),
        7 => be ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b),
        8 => be ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b),
        9 or 0x19 => be ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
        10 or 0x1A => be ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
        _ => null,
    };
}
