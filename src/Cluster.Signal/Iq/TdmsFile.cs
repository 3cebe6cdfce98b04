using System.Buffers.Binary;
using System.Text;

namespace Cluster.Signal;

/// <summary>A TDMS object (file root, group or channel): its properties and where its raw values lie.</summary>
internal sealed class TdmsObject(string path)
{
    public string Path { get; } = path;
    public Dictionary<string, object> Properties { get; } = new(StringComparer.Ordinal);
    public int? DataType { get; set; }
    public List<(long Offset, long Values)> Runs { get; } = [];
    public long ValueCount => Runs.Sum(r => r.Values);
}

/// <summary>
/// The structure of an NI TDMS file, read from NI's published description ("TDMS File Format Internal Structure"):
/// segments of a 28-byte lead-in ("TDSm", table-of-contents flags, version, next-segment and raw-data offsets), then
/// metadata (objects with raw-data indexes and properties), then raw data in chunks. Only metadata is read; the raw
/// values are located (offset and count per chunk) so a recording reads them in place. DAQmx raw data and
/// interleaved channels are refused with a clear error.
/// </summary>
internal sealed class TdmsFile
{
    private const uint TocMetaData = 1 << 1, TocNewObjectList = 1 << 2, TocRawData = 1 << 3, TocInterleaved = 1 << 5, TocBigEndian = 1 << 6, TocDaqmx = 1 << 7;
    private const long LeadInBytes = 28;

    private TdmsFile(string path, Dictionary<string, TdmsObject> objects, bool bigEndian)
    {
        FilePath = path;
        Objects = objects;
        BigEndian = bigEndian;
    }

    public string FilePath { get; }
    public IReadOnlyDictionary<string, TdmsObject> Objects { get; }
    public bool BigEndian { get; }

    /// <summary>Size in bytes of a value of a fixed-size TDMS data type, or null (strings, unknown types).</summary>
    public static int? ValueSize(int type) => type switch
    {
        1 or 5 or 0x21 => 1,
        2 or 6 => 2,
        3 or 7 or 9 or 0x19 => 4,
        4 or 8 or 10 or 0x1A => 8,
        0x44 => 16,
        0x08000c => 8,
        0x10000d => 16,
        _ => null,
    };

    public static TdmsFile Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var length = stream.Length;
        var objects = new Dictionary<string, TdmsObject>(StringComparer.Ordinal);
        var active = new List<TdmsObject>();
        var previousIndex = new Dictionary<string, (int Type, long Values)>(StringComparer.Ordinal);
        var bigEndian = false;
        long position = 0;
        var segment = 0;
        var lead = new byte[LeadInBytes];
        if (length < LeadInBytes)
            throw new InvalidIqFileException(path, $"not a TDMS file: {length} bytes, shorter than a segment lead-in");
        while (position < length)
        {
            var where = $"segment {segment} at byte {position}";
            if (length - position < LeadInBytes)
                throw new InvalidIqFileException(path, $"{where}: lead-in truncated ({length - position} of 28 bytes)");
            stream.Position = position;
            stream.ReadExactly(lead);
            if (Encoding.ASCII.GetString(lead, 0, 4) != "TDSm")
                throw new InvalidIqFileException(path, $"{where}: tag is not TDSm: not a TDMS file, or corrupt");
            var toc = BinaryPrimitives.ReadUInt32LittleEndian(lead.AsSpan(4));
            var segmentBigEndian = (toc & TocBigEndian) != 0;
            bigEndian |= segmentBigEndian;
            var next = ReadU64(lead.AsSpan(12), segmentBigEndian);
            var rawOffset = ReadU64(lead.AsSpan(20), segmentBigEndian);
            var segmentEnd = next == ulong.MaxValue ? length : position + LeadInBytes + (long)Math.Min(next, (ulong)long.MaxValue - 64);
            if (segmentEnd > length)
                throw new InvalidIqFileException(path, $"{where}: next-segment offset {next} points past the end of the file ({length} bytes): truncated?");
            var rawStart = position + LeadInBytes + (long)Math.Min(rawOffset, (ulong)long.MaxValue - 64);
            if (rawStart > segmentEnd)
                throw new InvalidIqFileException(path, $"{where}: raw-data offset {rawOffset} lies beyond the segment");
            if ((toc & TocDaqmx) != 0)
                throw new InvalidIqFileException(path, $"{where}: DAQmx raw data is not supported");

            if ((toc & TocNewObjectList) != 0) active = [];
            if ((toc & TocMetaData) != 0)
            {
                var meta = new byte[rawStart - position - LeadInBytes];
                stream.ReadExactly(meta);
                ReadMetadata(path, where, new TdmsCursor(meta, segmentBigEndian, path, where), objects, active, previousIndex);
            }
            if ((toc & TocRawData) != 0)
            {
                if ((toc & TocInterleaved) != 0 && active.Count(o => previousIndex.ContainsKey(o.Path)) > 1)
                    throw new InvalidIqFileException(path, $"{where}: interleaved channel data is not supported");
                LocateRawData(path, where, active, previousIndex, rawStart, segmentEnd);
            }
            position = segmentEnd;
            segment++;
        }
        return new TdmsFile(path, objects, bigEndian);
    }

    private static ulong ReadU64(ReadOnlySpan<byte> b, bool be) => be ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);

    private static void ReadMetadata(string path, string where, TdmsCursor cursor, Dictionary<string, TdmsObject> objects,
        List<TdmsObject> active, Dictionary<string, (int Type, long Values)> index)
    {
        var count = cursor.U32("number of objects");
        for (var i = 0u; i < count; i++)
        {
            var objectPath = cursor.String("object path");
            if (!objects.TryGetValue(objectPath, out var obj))
                objects[objectPath] = obj = new TdmsObject(objectPath);
            if (!active.Contains(obj)) active.Add(obj);
            var indexLength = cursor.U32($"raw data index of {objectPath}");
            if (indexLength == 0xFFFFFFFF)
            {
                index.Remove(objectPath);
            }
            else if (indexLength is 0x69120000 or 0x69130000)
            {
                throw new InvalidIqFileException(path, $"{where}: {objectPath} holds DAQmx raw data, which is not supported");
            }
            else if (indexLength != 0)
            {
                var type = (int)cursor.U32($"data type of {objectPath}");
                var dimension = cursor.U32($"array dimension of {objectPath}");
                if (dimension != 1)
                    throw new InvalidIqFileException(path, $"{where}: {objectPath} has array dimension {dimension} (TDMS allows only 1)");
                var values = cursor.U64($"number of values of {objectPath}");
                if (ValueSize(type) is null)
                    throw new InvalidIqFileException(path, $"{where}: {objectPath} has raw data of type 0x{type:x}, which is not a fixed-size number");
                if (values > long.MaxValue / 16)
                    throw new InvalidIqFileException(path, $"{where}: {objectPath} claims {values} values");
                index[objectPath] = (type, (long)values);
                obj.DataType = type;
            }
            else if (!index.ContainsKey(objectPath))
            {
                throw new InvalidIqFileException(path, $"{where}: {objectPath} reuses a raw data index that no earlier segment gave");
            }
            var properties = cursor.U32($"number of properties of {objectPath}");
            for (var p = 0u; p < properties; p++)
            {
                var name = cursor.String($"property name of {objectPath}");
                obj.Properties[name] = cursor.Value((int)cursor.U32($"type of property {name}"), $"property {name} of {objectPath}");
            }
        }
    }

    private static void LocateRawData(string path, string where, List<TdmsObject> active, Dictionary<string, (int Type, long Values)> index,
        long rawStart, long segmentEnd)
    {
        var withData = active.Where(o => index.ContainsKey(o.Path)).ToList();
        long chunkBytes = 0;
        foreach (var o in withData)
            chunkBytes += index[o.Path].Values * ValueSize(index[o.Path].Type)!.Value;
        if (chunkBytes == 0) return;
        var rawBytes = segmentEnd - rawStart;
        if (rawBytes % chunkBytes != 0)
            throw new InvalidIqFileException(path, $"{where}: {rawBytes} bytes of raw data are not a whole number of {chunkBytes}-byte chunks: truncated or corrupt");
        for (long chunk = rawStart; chunk < segmentEnd; )
        {
            foreach (var o in withData)
            {
                var (type, values) = index[o.Path];
                o.Runs.Add((chunk, values));
                chunk += values * ValueSize(type)!.Value;
            }
        }
    }

    /// <summary>A property as a number, or null when absent.</summary>
    public static double? NumberProperty(TdmsObject? obj, string name) => obj is not null && obj.Properties.TryGetValue(name, out var value)
        ? value switch { double d => d, long l => l, ulong u => u, _ => null }
        : null;

    /// <summary>Reads values of a channel of a fixed-size numeric type as doubles (for small channels such as gains).</summary>
    public double[] ReadValues(TdmsObject channel, int maxValues)
    {
        var type = channel.DataType ?? throw new InvalidIqFileException(FilePath, $"{channel.Path} holds no raw data");
        var size = ValueSize(type)!.Value;
        var count = (int)Math.Min(channel.ValueCount, maxValues);
        var result = new double[count];
        using var handle = File.OpenHandle(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[size];
        var done = 0;
        foreach (var (offset, values) in channel.Runs)
        {
            for (long v = 0; v < values && done < count; v++, done++)
            {
                RandomAccess.Read(handle, buffer, offset + v * size);
                result[done] = TdmsCursor.Number(type, buffer, BigEndian)
                    ?? throw new InvalidIqFileException(FilePath, $"{channel.Path}: values of type 0x{type:x} are not numbers");
            }
        }
        return result;
    }
}
