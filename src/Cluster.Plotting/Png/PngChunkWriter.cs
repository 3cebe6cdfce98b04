using System.Buffers.Binary;
using System.Text;

namespace Cluster.Plotting;

/// <summary>Writes one PNG chunk: big-endian length, 4-letter type, data, CRC-32 of type and data.</summary>
internal static class PngChunkWriter
{
    public static void Write(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        var crc = Crc32.Update(Crc32.Initial, header[4..]);
        crc = Crc32.Finish(Crc32.Update(crc, data));
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(header);
        output.Write(data);
        output.Write(trailer);
    }
}
