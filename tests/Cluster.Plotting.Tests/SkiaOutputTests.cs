using System.Diagnostics;
using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

/// <summary>PNG, SVG and PDF written by Skia, checked by independent readers: PIL, Python's XML parser, poppler's pdfinfo/pdftotext.</summary>
public class SkiaOutputTests
{
    private static SpectrogramPlot Ramp(string title) => new()
    {
        FrequencyHz = Enumerable.Range(0, 64).Select(c => c * 1e3).ToArray(),
        FrequencyIsOffset = true,
        TimeS = Enumerable.Range(0, 32).Select(r => r * 0.5).ToArray(),
        Values = Enumerable.Range(0, 64 * 32).Select(i => (float)(i % 64 + i / 64)).ToArray(),
        Title = title,
        ColorbarLabel = "Power (V²)",
    };

    [Fact]
    public void Random_pixels_drawn_one_to_one_come_back_exactly_from_the_png()
    {
        const int width = 301, height = 173; // odd sizes: rows are not a multiple of any vector width
        var random = new Random(4);
        var expected = new uint[width * height];
        using var temp = new TempDirectory();
        var path = temp.File("noise.png");
        using (var file = File.Create(path))
            FigureOutput.Render(file, FigureFormat.Png, width, height, canvas =>
            {
                using var noise = ArgbImage.Create(width, height);
                for (var y = 0; y < height; y++)
                {
                    var row = noise.Row(y);
                    for (var x = 0; x < width; x++)
                        row[x] = expected[y * width + x] = 0xFF000000u | (uint)random.Next(0, 1 << 24);
                }
                canvas.DrawImage(noise, new Rect(0, 0, width, height));
            });

        var decoded = DecodedImage.Read(path);
        Assert.Equal(("RGB", width, height, 3), (decoded.Mode, decoded.Width, decoded.Height, decoded.Channels));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var p = expected[y * width + x];
                Assert.Equal(new Rgb((byte)(p >> 16), (byte)(p >> 8), (byte)p), decoded.At(x, y));
            }
    }

    [Fact]
    public void The_zlib_level_changes_the_size_of_the_png_but_not_its_pixels()
    {
        using var temp = new TempDirectory();
        var plot = Ramp("zlib levels");
        string Write(int level)
        {
            var path = temp.File($"level{level}.png");
            using var file = File.Create(path);
            FigureOutput.Render(file, FigureFormat.Png, 600, 400,
                canvas => SpectrogramFigure.Draw(canvas, plot, Colormap.Get(plot.Colormap), SpectrogramLayout.For(600, 400)), level);
            return path;
        }
        var fastest = Write(1);
        var smallest = Write(9);
        Assert.Equal(DecodedImage.Read(smallest).Data, DecodedImage.Read(fastest).Data);
        Assert.True(new FileInfo(smallest).Length < new FileInfo(fastest).Length,
            $"level 9 ({new FileInfo(smallest).Length} B) should be smaller than level 1 ({new FileInfo(fastest).Length} B)");
        // The default is level 1: the same bytes as asking for it.
        using var byDefault = new MemoryStream();
        SpectrogramFigure.Render(plot, byDefault, FigureFormat.Png, 600, 400);
        Assert.Equal(File.ReadAllBytes(fastest), byDefault.ToArray());
    }

    [Fact]
    public void Pdf_has_one_page_of_the_figure_size_in_points_and_its_text()
    {
        using var temp = new TempDirectory();
        var path = RenderFile(temp, "ramp in a PDF", FigureFormat.Pdf, 1200, 800);

        var info = Poppler("pdfinfo", path);
        Assert.Matches(@"(?m)^Pages:\s+1$", info);
        Assert.Matches(@"(?m)^Page size:\s+1200 x 800 pts", info);
        var text = Poppler("pdftotext", path, "-");
        Assert.Contains("ramp in a PDF", text);
        Assert.Contains("Power (V²)", text);
    }

    [Fact]
    public void Svg_parses_as_xml_with_the_title_as_text()
    {
        using var temp = new TempDirectory();
        var path = RenderFile(temp, "ramp in an SVG", FigureFormat.Svg, 800, 600);
        const string script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            texts = ["".join(e.itertext()).strip() for e in root.iter() if e.tag.endswith("}text")]
            print(root.get("width"), root.get("height"))
            print("\n".join(texts))
            """;
        var lines = Python.Run(script, path).Split('\n');
        Assert.Equal("800 600", lines[0]);
        Assert.Contains("ramp in an SVG", lines.Skip(1));
    }

    [Fact]
    public void A_missing_font_file_is_an_error_naming_the_debian_package()
    {
        using var temp = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => FigureFonts.Load(temp.Path));
        Assert.Contains(Path.Combine(temp.Path, FigureFonts.RegularFile), error.Message);
        Assert.Contains("fonts-dejavu-core", error.Message);
    }

    private static string RenderFile(TempDirectory temp, string title, FigureFormat format, int width, int height)
    {
        var path = temp.File("figure." + format.ToString().ToLowerInvariant());
        using var file = File.Create(path);
        SpectrogramFigure.Render(Ramp(title), file, format, width, height);
        return path;
    }

    private static string Poppler(string tool, params string[] args)
    {
        var executable = Path.Combine("/usr/bin", tool);
        if (!File.Exists(executable))
            throw new InvalidOperationException($"{executable} is missing: apt-get install poppler-utils");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {error.Result}");
        return output.Result;
    }
}
