using System.Buffers.Binary;
using System.Text;

namespace Cluster.Formats;

/// <summary>
/// The header of an .npy stream: magic, version, and the Python dict literal with descr, fortran_order and shape.
/// Format reference: numpy/lib/format.py (numpy 1.24).
/// </summary>
internal sealed record NpyHeader(NpyDtypeInfo Dtype, bool BigEndian, bool FortranOrder, long[] Shape)
{
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>numpy aligns the data to 64 bytes so it can be memory-mapped with any element type.</summary>
    private const int DataAlignment = 64;

    /// <summary>
    /// numpy pads with room for the first dimension to grow to 21 digits so a header can be rewritten in place
    /// when appending; we do the same so our files are byte-identical to np.save's.
    /// </summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>magic (6) + version (2) + header length (2 in v1.0, 4 in v2.0/v3.0).</summary>
    public static int PrefixLength(int majorVersion) => Magic.Length + 2 + (majorVersion == 1 ? 2 : 4);

    /// <summary>The complete little-endian, C-order header, padded so the data that follows starts on a 64-byte boundary.</summary>
    public static byte[] Encode(NpyDtypeInfo dtype, ReadOnlySpan<long> shape)
    {
        var dict = $"{{'descr': '{dtype.LittleEndianDescr}', 'fortran_order': False, 'shape': {NpyShape.Format(shape)}, }}";
        if (shape.Length > 0)
            dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString().Length));

        // Only ASCII is ever written, so version 3.0 (UTF-8 headers) is never needed.
        var majorVersion = 1;
        var padded = Pad(dict, PrefixLength(1));
        if (padded.Length > ushort.MaxValue)
        {
            majorVersion = 2;
            padded = Pad(dict, PrefixLength(2));
        }

        var prefixLength = PrefixLength(majorVersion);
        var bytes = new byte[prefixLength + padded.Length];
        Magic.CopyTo(bytes);
        bytes[Magic.Length] = (byte)majorVersion;
        bytes[Magic.Length + 1] = 0;
        if (majorVersion == 1)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Magic.Length + 2), (ushort)padded.Length);
        else
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(Magic.Length + 2), (uint)padded.Length);
        Encoding.ASCII.GetBytes(padded, bytes.AsSpan(prefixLength));
        return bytes;
    }

    private static string Pad(string dict, int prefixLength)
    {
        var unpadded = prefixLength + dict.Length + 1; // +1 for the terminating newline
        // Like numpy, a full 64 bytes of padding when already aligned (keeps files byte-identical to np.save).
        var padding = DataAlignment - unpadded % DataAlignment;
        return dict + new string(' ', padding) + "\n";
    }

    /// <summary>Reads and checks magic, version and header dict, leaving <paramref name="input"/> at the first data byte.</summary>
    public static NpyHeader Read(Stream input, string sourceName)
    {
        Span<byte> prefix = stackalloc byte[PrefixLength(2)];
        ReadExactly(input, prefix[..PrefixLength(1)], sourceName, "the magic string and header length");
        if (!prefix[..Magic.Length].SequenceEqual(Magic))
            throw new InvalidNpyException(sourceName,
                $"not an .npy array: it starts with {Convert.ToHexString(prefix[..Magic.Length])}, not the magic \\x93NUMPY");

        int major = prefix[Magic.Length], minor = prefix[Magic.Length + 1];
        long headerLength;
        Encoding headerEncoding;
        switch ((major, minor))
        {
            case (1, 0):
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[(Magic.Length + 2)..]);
                headerEncoding = Encoding.Latin1;
                break;
            case (2, 0) or (3, 0):
                ReadExactly(input, prefix[PrefixLength(1)..PrefixLength(2)], sourceName, "the header length");
                headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[(Magic.Length + 2)..]);
                headerEncoding = major == 2 ? Encoding.Latin1 : Encoding.UTF8;
                break;
            default:
                throw new InvalidNpyException(sourceName, $"unsupported .npy format version {major}.{minor} (1.0, 2.0 and 3.0 are read)");
        }

        // Headers of the simple dtypes read here are a few hundred bytes; a huge length means corrupt data.
        const int maxHeaderLength = 1 << 20;
        if (headerLength > maxHeaderLength)
            throw new InvalidNpyException(sourceName, $"header length {headerLength} bytes is implausible (more than {maxHeaderLength}); the file is corrupt");

        var headerBytes = new byte[headerLength];
        ReadExactly(input, headerBytes, sourceName, $"the {headerLength}-byte header");
        var text = headerEncoding.GetString(headerBytes);
        return NpyHeaderParser.Parse(text, sourceName);
    }

    private static void ReadExactly(Stream input, Span<byte> buffer, string sourceName, string what)
    {
        var read = input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
            throw new InvalidNpyException(sourceName, $"truncated: the stream ended after {read} of {buffer.Length} bytes of {what}");
    }
}
