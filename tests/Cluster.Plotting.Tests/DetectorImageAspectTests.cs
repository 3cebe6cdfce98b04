using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

/// <summary>
/// Detector images are drawn with equal aspect: square pixels without a known pitch, equal micrometres with one.
/// A block 40 columns x 20 rows is measured in the PNG, decoded by PIL.
/// </summary>
public class DetectorImageAspectTests
{
    private const int Rows = 40, Columns = 160;

    private static (int Width, int Height) BlockSize((double X, double Y)? pixelSize)
    {
        var values = new float[Rows * Columns];
        for (var r = 10; r < 30; r++)
            for (var c = 60; c < 100; c++)
                values[r * Columns + c] = 100;
        var plot = new DetectorImagePlot { Values = values, Rows = Rows, Columns = Columns, Title = "block", PixelSizeUm = pixelSize };
        using var temp = new TempDirectory();
        var path = temp.File("block.png");
        using (var file = File.Create(path))
            DetectorImageFigure.Render(plot, file, FigureFormat.Png);
        var image = DecodedImage.Read(path);
        var top = Colormap.Get("viridis")[255];
        var hot = new List<(int X, int Y)>();
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                if (image.At(x, y) == top) hot.Add((x, y));
        // The colourbar's top entry is that colour too: keep the block's pixels, left of the colourbar.
        var layout = SpectrogramLayout.For(900, 800);
        hot.RemoveAll(p => p.X >= layout.Plot.Right);
        return (hot.Max(p => p.X) - hot.Min(p => p.X) + 1, hot.Max(p => p.Y) - hot.Min(p => p.Y) + 1);
    }

    [Fact]
    public void Without_a_pitch_pixels_are_square()
    {
        var (width, height) = BlockSize(null);
        Assert.InRange(width / (double)height, 1.9, 2.1); // 40 x 20 pixels
    }

    [Fact]
    public void With_a_pitch_a_micrometre_is_as_long_on_both_axes()
    {
        // 1 µm columns, 2 µm rows: the block is 40 µm x 40 µm.
        var (width, height) = BlockSize((1, 2));
        Assert.InRange(width / (double)height, 0.95, 1.05);
        Assert.Throws<ArgumentException>(() => DetectorImageFigure.Render(
            new DetectorImagePlot { Values = new float[4], Rows = 2, Columns = 2, PixelSizeUm = (0, 1) }, Stream.Null, FigureFormat.Png));
    }
}
