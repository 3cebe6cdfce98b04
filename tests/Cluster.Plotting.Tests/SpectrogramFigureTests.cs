using System.Globalization;
using System.Xml.Linq;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

public class SpectrogramFigureTests
{
    /// <summary>A tone drifting over noise, as a recording would look, 256 times × 512 frequencies.</summary>
    private static SpectrogramPlot ToneOverNoise(ColorScale scale = ColorScale.Decibel)
    {
        const int rows = 256, cols = 512;
        var random = new Random(3);
        var values = new float[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                values[r * cols + c] = (float)(1e-6 * random.NextDouble() + (Math.Abs(c - 200 - r / 4) < 3 ? 1e-2 : 0));
        return new SpectrogramPlot
        {
            FrequencyHz = Enumerable.Range(0, cols).Select(c => 244.7789e6 + (c - cols / 2) * 400.0).ToArray(),
            CenterFrequencyHz = 244.7789e6,
            TimeS = Enumerable.Range(0, rows).Select(r => r * 0.01).ToArray(),
            Values = values,
            Title = "tone over noise",
            ColorbarLabel = "Power (dB)",
            ColorScale = scale,
        };
    }

    private static byte[] Render(SpectrogramPlot plot, FigureFormat format, int width, int height)
    {
        using var output = new MemoryStream();
        SpectrogramFigure.Render(plot, output, format, width, height);
        return output.ToArray();
    }

    [Theory]
    [InlineData(1200, 800)]
    [InlineData(640, 480)]
    public void Png_decodes_to_the_requested_size_with_a_varied_plot_and_a_colorbar_gradient(int width, int height)
    {
        using var temp = new TempDirectory();
        var path = temp.File("figure.png");
        File.WriteAllBytes(path, Render(ToneOverNoise(), FigureFormat.Png, width, height));
        var image = DecodedImage.Read(path);
        Assert.Equal((width, height, 3), (image.Width, image.Height, image.Channels));

        var layout = SpectrogramLayout.For(width, height);
        var plotPixels = PixelsIn(image, layout.Plot).ToArray();
        Assert.True(StandardDeviation(plotPixels.Select(p => (double)p.G)) > 5, "plot area is (nearly) constant");

        // Colourbar centre column, bottom to top, reads through the LUT from entry 0 to entry 255.
        var viridis = Colormap.Get("viridis");
        var bar = layout.Colorbar;
        var x = (int)bar.CenterX;
        var indices = Enumerable.Range((int)bar.Y + 2, (int)bar.Height - 4).Reverse()
            .Select(y => NearestEntry(viridis, image.At(x, y))).ToArray();
        Assert.InRange(indices[0], 0, 2);
        Assert.InRange(indices[^1], 253, 255);
        for (var i = 1; i < indices.Length; i++) Assert.True(indices[i] >= indices[i - 1], $"colourbar not monotonic at {i}");
        Assert.All(Enumerable.Range((int)bar.Y + 2, (int)bar.Height - 4), y => Assert.Equal(0, Distance(image.At(x, y), viridis[NearestEntry(viridis, image.At(x, y))])));
    }

    [Fact]
    public void Svg_is_well_formed_xml_with_the_requested_size()
    {
        var svg = Render(ToneOverNoise(), FigureFormat.Svg, 1000, 700);
        var document = XDocument.Load(new MemoryStream(svg));
        Assert.Equal("svg", document.Root!.Name.LocalName);
        // Skia writes unitless sizes, which SVG reads as px (user units).
        Assert.Equal("1000", document.Root.Attribute("width")?.Value);
        Assert.Equal("700", document.Root.Attribute("height")?.Value);

        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("f.svg"), svg);
        const string script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            images = [e for e in root.iter() if e.tag.endswith("}image")]
            print(root.tag.split("}")[-1], root.get("width"), root.get("height"), len(images))
            """;
        var fields = Python.Run(script, temp.File("f.svg")).Trim().Split(' ');
        Assert.Equal(["svg", "1000", "700"], fields[..3]);
        Assert.True(int.Parse(fields[3], CultureInfo.InvariantCulture) >= 2, "heatmap and colourbar should be embedded images");
    }

    [Fact]
    public void Pdf_has_header_and_eof_marker()
    {
        var pdf = Render(ToneOverNoise(), FigureFormat.Pdf, 1200, 800);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.EndsWith("%%EOF", System.Text.Encoding.ASCII.GetString(pdf, pdf.Length - 16, 16).TrimEnd());
        Assert.True(pdf.Length > 10_000, $"PDF of {pdf.Length} bytes is too small to hold the heatmap");
    }

    [Fact]
    public void A_failing_output_stream_surfaces_as_an_io_error()
    {
        var error = Assert.Throws<IOException>(() => SpectrogramFigure.Render(ToneOverNoise(), new FailingStream(), FigureFormat.Svg, 400, 300));
        Assert.Contains("SVG", error.Message);
        Assert.IsType<NotSupportedException>(error.InnerException);
    }

    [Fact]
    public void Bad_plots_are_rejected_with_the_reason()
    {
        var plot = ToneOverNoise();
        var shortValues = Assert.Throws<ArgumentException>(() => Render(plot with { Values = new float[10] }, FigureFormat.Png, 400, 300));
        Assert.Contains("TimeS (256) × FrequencyHz (512)", shortValues.Message);
        var times = (double[])plot.TimeS.Clone();
        times[5] = times[4];
        Assert.Contains("TimeS must increase", Assert.Throws<ArgumentException>(() => Render(plot with { TimeS = times }, FigureFormat.Png, 400, 300)).Message);
        Assert.Contains("valid names", Assert.Throws<ArgumentException>(() => Render(plot with { Colormap = "jet" }, FigureFormat.Png, 400, 300)).Message);
    }

    internal static IEnumerable<Rgb> PixelsIn(DecodedImage image, Rect area)
    {
        for (var y = (int)area.Y; y < (int)area.Bottom; y++)
            for (var x = (int)area.X; x < (int)area.Right; x++)
                yield return image.At(x, y);
    }

    internal static int NearestEntry(Colormap map, Rgb color) =>
        Enumerable.Range(0, Colormap.Size).MinBy(i => Distance(map[i], color));

    internal static int Distance(Rgb a, Rgb b) => Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);

    private static double StandardDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        return Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / list.Count);
    }

    private sealed class FailingStream : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => throw new NotSupportedException("disk full (simulated)");
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("disk full (simulated)");
    }
}
