using System.Buffers.Binary;

namespace Cluster.Plotting;

/// <summary>CRC-32 (ISO-HDLC, polynomial 0xEDB88320) as PNG chunks use it; slicing-by-8 tables.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public const uint Initial = 0xFFFFFFFFu;

    /// <summary>Continues a running CRC; start from <see cref="Initial"/> and pass the end result to <see cref="Finish"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<uint> t = Table;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            var low = crc ^ BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            crc = t[1792 + (int)(low & 0xFF)] ^ t[1536 + (int)((low >> 8) & 0xFF)]
                ^ t[1280 + (int)((low >> 16) & 0xFF)] ^ t[1024 + (int)(low >> 24)]
                ^ t[768 + (int)(high & 0xFF)] ^ t[512 + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
        }
        for (; i < data.Length; i++)
            crc = t[(int)((crc ^ data[i]) & 0xFF)] ^ (crc >> 8);
        return crc;
    }

    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Update(Initial, data));

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        // Table k advances a byte through k further zero bytes, so eight bytes are folded per step.
        for (var k = 1; k < 8; k++)
            for (var n = 0; n < 256; n++)
            {
                var previous = table[(k - 1) * 256 + n];
                table[k * 256 + n] = table[previous & 0xFF] ^ (previous >> 8);
            }
        return table;
    }
}
