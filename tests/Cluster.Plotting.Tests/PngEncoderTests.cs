using System.IO.Compression;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

public class PngEncoderTests
{
    private const int Width = 37;
    private const int Height = 23;
    private const int Stride = 4 * Width + 12; // padding after each row must be ignored

    [Theory]
    [InlineData(PngRowFilter.None)]
    [InlineData(PngRowFilter.Sub)]
    [InlineData(PngRowFilter.Up)]
    public void Rgb_round_trips_exact_pixels_through_pil(PngRowFilter filter)
    {
        var random = new Random(1);
        var buffer = new byte[Stride * Height];
        random.NextBytes(buffer);
        using var temp = new TempDirectory();
        var path = temp.File("rgb.png");
        using (var file = File.Create(path))
            PngEncoder.Encode(file, buffer, Width, Height, Stride, PngPixelFormat.Rgb, CompressionLevel.Fastest, filter);

        var decoded = DecodedImage.Read(path);
        Assert.Equal(("RGB", Width, Height), (decoded.Mode, decoded.Width, decoded.Height));
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var i = y * Stride + 4 * x; // little-endian ARGB32 word: B, G, R, A
                Assert.Equal(new Rgb(buffer[i + 2], buffer[i + 1], buffer[i]), decoded.At(x, y));
            }
    }

    [Theory]
    [InlineData(PngRowFilter.Sub, CompressionLevel.Fastest)]
    [InlineData(PngRowFilter.Up, CompressionLevel.SmallestSize)]
    public void Rgba_unpremultiplies_so_that_premultiplying_again_gives_back_the_pixels(PngRowFilter filter, CompressionLevel level)
    {
        var random = new Random(2);
        var buffer = new byte[Stride * Height];
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var i = y * Stride + 4 * x;
                var alpha = (x % 5) switch { 0 => 0, 1 => 255, _ => random.Next(1, 255) };
                buffer[i + 3] = (byte)alpha;
                for (var c = 0; c < 3; c++) buffer[i + c] = (byte)random.Next(0, alpha + 1); // premultiplied: c <= a
            }
        using var temp = new TempDirectory();
        var path = temp.File("rgba.png");
        using (var file = File.Create(path))
            PngEncoder.Encode(file, buffer, Width, Height, Stride, PngPixelFormat.Rgba, level, filter);

        var decoded = DecodedImage.Read(path);
        Assert.Equal(("RGBA", Width, Height, 4), (decoded.Mode, decoded.Width, decoded.Height, decoded.Channels));
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
            {
                var i = y * Stride + 4 * x;
                var o = (y * Width + x) * 4;
                var alpha = decoded.Data[o + 3];
                Assert.Equal(buffer[i + 3], alpha);
                // PIL's straight (r, g, b), premultiplied again, must equal cairo's premultiplied (b, g, r).
                for (var c = 0; c < 3; c++)
                    Assert.Equal(buffer[i + 2 - c], (byte)Math.Floor(decoded.Data[o + c] * alpha / 255.0 + 0.5));
            }
    }

    [Fact]
    public void Chunks_carry_correct_crcs_and_end_with_iend()
    {
        var buffer = new byte[4 * 8 * 8];
        using var png = new MemoryStream();
        PngEncoder.Encode(png, buffer, 8, 8, 32);
        // zlib's crc32 checks every chunk independently of our CRC table.
        const string script = """
            import sys, struct, zlib
            data = open(sys.argv[1], "rb").read()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            pos, types = 8, []
            while pos < len(data):
                length, kind = struct.unpack(">I4s", data[pos:pos + 8])
                body = data[pos + 8:pos + 8 + length]
                crc, = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
                assert crc == zlib.crc32(kind + body), kind
                types.append(kind.decode())
                pos += 12 + length
            print(" ".join(types))
            """;
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("x.png"), png.ToArray());
        Assert.Equal("IHDR IDAT IEND", Python.Run(script, temp.File("x.png")).Trim());
    }

    [Fact]
    public void Rejects_a_buffer_too_small_for_the_size()
    {
        var error = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(Stream.Null, new byte[100], 10, 10, 40));
        Assert.Contains("too small", error.Message);
    }
}
