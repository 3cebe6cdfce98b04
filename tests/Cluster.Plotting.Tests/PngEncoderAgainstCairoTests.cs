using System.IO.Compression;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

/// <summary>Our zlib-level-1 encoder (chosen for speed, see bench/) must decode to exactly cairo's own PNG pixels.</summary>
public class PngEncoderAgainstCairoTests
{
    private const int Width = 1200, Height = 800;

    [Fact]
    public void Noisy_image_decodes_to_the_same_pixels_as_cairos_png_writer()
    {
        using var canvas = Canvas.CreateImage(Width, Height);
        var random = new Random(4);
        using (var noise = ArgbImage.Create(Width, Height))
        {
            for (var y = 0; y < Height; y++)
                foreach (ref var pixel in noise.Row(y))
                    pixel = 0xFF000000u | (uint)random.Next(0, 1 << 24);
            canvas.DrawImage(noise, new Rect(0, 0, Width, Height));
        }
        canvas.Finish();

        using var temp = new TempDirectory();
        var ours = temp.File("ours.png");
        var cairos = temp.File("cairo.png");
        using (var file = File.Create(ours))
            PngEncoder.Encode(file, canvas.Pixels, Width, Height, canvas.Stride, PngPixelFormat.Rgb, CompressionLevel.Fastest, PngRowFilter.Up);
        canvas.WritePngWithCairo(cairos);

        var mine = DecodedImage.Read(ours);
        var reference = DecodedImage.Read(cairos);
        Assert.Equal((Width, Height), (mine.Width, mine.Height));
        Assert.Equal((Width, Height), (reference.Width, reference.Height));
        for (var y = 0; y < Height; y += 7)
            for (var x = 0; x < Width; x++)
                Assert.Equal(reference.At(x, y), mine.At(x, y));
    }
}
