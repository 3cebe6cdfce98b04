using System.IO.Compression;

namespace Cluster.Formats.Zarr;

/// <summary>A bytes-to-bytes codec of an array's pipeline (compression); decoding reverses what the writer applied.</summary>
internal abstract class BytesCodec
{
    public abstract string Name { get; }

    /// <summary>Decodes into <paramref name="destination"/>, which must be filled exactly.</summary>
    /// <exception cref="InvalidDataException">Corrupt data, or a decoded size other than the destination's.</exception>
    public abstract void DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> destination);

    /// <summary>Decodes when the size is not known in advance (a codec that is not the innermost one).</summary>
    public abstract byte[] Decode(byte[] encoded);
}

internal sealed class ZstdCodec : BytesCodec
{
    public override string Name => "zstd";

    public override void DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        var written = Zstd.Decompress(encoded, destination);
        if (written != destination.Length)
            throw new InvalidDataException($"zstd: decoded {written} bytes, the chunk holds {destination.Length}");
    }

    public override byte[] Decode(byte[] encoded)
    {
        var size = Zstd.FrameContentSize(encoded)
                   ?? throw new InvalidDataException("zstd: the frame does not record its size");
        var output = new byte[checked((int)size)];
        DecodeInto(encoded, output);
        return output;
    }
}

internal sealed class GzipCodec : BytesCodec
{
    public override string Name => "gzip";

    public override unsafe void DecodeInto(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        fixed (byte* data = encoded)
        {
            using var input = new UnmanagedMemoryStream(data, encoded.Length);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            var read = gzip.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
            if (read != destination.Length)
                throw new InvalidDataException($"gzip: decoded {read} bytes, the chunk holds {destination.Length}");
            Span<byte> extra = stackalloc byte[1];
            if (gzip.Read(extra) != 0)
                throw new InvalidDataException($"gzip: more than the {destination.Length} bytes the chunk holds");
        }
    }

    public override byte[] Decode(byte[] encoded)
    {
        using var input = new MemoryStream(encoded, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
