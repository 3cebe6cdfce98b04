using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

public class ResamplingTests
{
    private const int Width = 800, Height = 600;
    private static readonly Colormap Viridis = Colormap.Get("viridis");

    private static DecodedImage RenderGrid(TempDirectory temp, int rows, int cols, Func<int, int, float> value, double vmin, double vmax)
    {
        var values = new float[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                values[r * cols + c] = value(r, c);
        var plot = new SpectrogramPlot
        {
            FrequencyHz = Enumerable.Range(0, cols).Select(c => 1e3 * c).ToArray(),
            FrequencyIsOffset = true,
            TimeS = Enumerable.Range(0, rows).Select(r => 0.5 * r).ToArray(),
            Values = values,
            VMin = vmin,
            VMax = vmax,
        };
        var path = temp.File("grid.png");
        using (var file = File.Create(path))
            SpectrogramFigure.Render(plot, file, FigureFormat.Png, Width, Height);
        return DecodedImage.Read(path);
    }

    [Fact]
    public void A_single_hot_cell_of_a_small_grid_fills_exactly_its_block()
    {
        const int rows = 8, cols = 10, hotRow = 2, hotCol = 7;
        using var temp = new TempDirectory();
        var image = RenderGrid(temp, rows, cols, (r, c) => r == hotRow && c == hotCol ? 1f : 0f, 0, 1);
        var plot = SpectrogramLayout.For(Width, Height).Plot;
        var cellWidth = plot.Width / cols;
        var cellHeight = plot.Height / rows;
        // Time increases upwards: row 2 of 8 is the third block from the bottom.
        var left = plot.X + hotCol * cellWidth;
        var top = plot.Bottom - (hotRow + 1) * cellHeight;
        var hot = Viridis[255];
        var cold = Viridis[0];
        for (var y = (int)plot.Y + 1; y < (int)plot.Bottom - 1; y++)
            for (var x = (int)plot.X + 1; x < (int)plot.Right - 1; x++)
            {
                var dx = Math.Min(Math.Abs(x + 0.5 - left), Math.Abs(x + 0.5 - (left + cellWidth)));
                var dy = Math.Min(Math.Abs(y + 0.5 - top), Math.Abs(y + 0.5 - (top + cellHeight)));
                var inside = x + 0.5 > left && x + 0.5 < left + cellWidth && y + 0.5 > top && y + 0.5 < top + cellHeight;
                if (dx < 1 || dy < 1) continue; // on a line through a block edge: either colour is right
                Assert.True((inside ? hot : cold) == image.At(x, y), $"pixel ({x}, {y}) inside={inside} block x {left}..{left + cellWidth} y {top}..{top + cellHeight} plot {plot}");
            }
    }

    [Fact]
    public void Columns_finer_than_pixels_are_averaged_not_sampled()
    {
        // Alternating 0/1 columns, exactly two per pixel: a mean gives t = 0.5 everywhere, sampling would stripe.
        var plot = SpectrogramLayout.For(Width, Height).Plot;
        using var temp = new TempDirectory();
        var image = RenderGrid(temp, 5, 2 * (int)plot.Width, (_, c) => c % 2, 0, 1);
        var expected = Viridis[128];
        var inset = new Rect(plot.X + 1, plot.Y + 1, plot.Width - 2, plot.Height - 2);
        Assert.All(SpectrogramFigureTests.PixelsIn(image, inset), p => Assert.Equal(expected, p));
    }

    [Fact]
    public void A_fine_gradient_lands_on_the_colour_of_each_pixels_mean()
    {
        const int cols = 5000;
        var plot = SpectrogramLayout.For(Width, Height).Plot;
        using var temp = new TempDirectory();
        var image = RenderGrid(temp, 3, cols, (_, c) => c, 0, cols - 1);
        var bins = (int)plot.Width;
        var y = (int)plot.CenterY;
        for (var b = 1; b < bins - 1; b++)
        {
            var first = (long)b * cols / bins;
            var end = (long)(b + 1) * cols / bins;
            var mean = (first + end - 1) / 2.0;
            var expectedIndex = Math.Min(255, (int)(mean / (cols - 1) * 256));
            var actual = SpectrogramFigureTests.NearestEntry(Viridis, image.At((int)plot.X + b, y));
            Assert.True(Math.Abs(actual - expectedIndex) <= 1, $"pixel {b}: LUT entry {actual}, expected {expectedIndex}");
        }
    }

    [Fact]
    public void Bins_average_their_cells_and_skip_nan()
    {
        float[] values =
        [
            1, 2, 3, 4, 5, 6,
            7, 8, float.NaN, 10, 11, 12,
            float.NaN, float.NaN, 0, 0, 0, 0,
            float.NaN, float.NaN, 0, 0, 0, 4,
        ];
        var bins = GridResampler.Average(new HeatmapGrid(values, 4, 6), 2, 3);
        Assert.Equal(new[] { 4.5, 17.0 / 3, 8.5, double.NaN, 0, 1 }, bins);
    }
}
