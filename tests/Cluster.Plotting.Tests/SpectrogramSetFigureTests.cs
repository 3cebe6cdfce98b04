using System.Globalization;
using System.Xml.Linq;
using Cluster.TestSupport;

namespace Cluster.Plotting.Tests;

public class SpectrogramSetFigureTests
{
    private static readonly double Start = new DateTimeOffset(1996, 12, 31, 23, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private const double Hour = 3600;
    private static readonly Colormap Viridis = Colormap.Get("viridis");

    /// <summary>Four one-hour cells per row from <see cref="Start"/>; every value given by the caller.</summary>
    private static SpectrogramSetRow Row(double[] y, Func<int, int, double> value, double yMin, double yMax, AxisScale yScale,
        double zMin, double zMax, AxisScale zScale, string label, double[]? times = null)
    {
        times ??= [Start + 0.5 * Hour, Start + 1.5 * Hour, Start + 2.5 * Hour, Start + 3.5 * Hour];
        var values = new double[y.Length * times.Length];
        for (var j = 0; j < y.Length; j++)
            for (var i = 0; i < times.Length; i++)
                values[j * times.Length + i] = value(i, j);
        return new SpectrogramSetRow
        {
            TimeUnix = times, Y = y, Values = values, YMin = yMin, YMax = yMax, YScale = yScale,
            ZMin = zMin, ZMax = zMax, ZScale = zScale, Label = label,
        };
    }

    /// <summary>Row 0: linear y 0..4 (4 cells), linear z 0..16, value 1 + i + 4j. Row 1: log y 10..1000 (2 decade-wide cells), log z 1..1e4, value 10^(i/2 + j).</summary>
    private static SpectrogramSetPlot TwoRows(bool zoom = false, double[]? events = null) => new()
    {
        Title = "two rows",
        TimeMin = Start,
        TimeMax = Start + 4 * Hour,
        Rows =
        [
            Row([0.5, 1.5, 2.5, 3.5], (i, j) => 1 + i + 4 * j, 0, 4, AxisScale.Linear, 0, 16, AxisScale.Linear, "linear"),
            Row([Math.Sqrt(10) * 10, Math.Sqrt(10) * 100], (i, j) => Math.Pow(10, i / 2.0 + j), 10, 1000, AxisScale.Log, 1, 1e4, AxisScale.Log, "log"),
        ],
        Zoom = zoom ? (Start + 1 * Hour, Start + 3 * Hour) : null,
        Events = events ?? [],
    };

    private static (DecodedImage Image, SpectrogramSetLayout Layout) RenderPng(SpectrogramSetPlot plot, int width = 0, int height = 0)
    {
        using var temp = new TempDirectory();
        var path = temp.File("set.png");
        using (var file = File.Create(path))
            SpectrogramSetFigure.Render(plot, file, FigureFormat.Png, width, height);
        var image = DecodedImage.Read(path);
        var layout = SpectrogramSetLayout.For(image.Width, image.Height, plot.Rows.Count, plot.Zoom is not null);
        return (image, layout);
    }

    /// <summary>The pixel showing (time, y) in a panel spanning [t0, t1] × [y0, y1]; y fractions in log10 on log axes.</summary>
    private static (int X, int Y) PixelOf(Rect panel, double t0, double t1, double time, double y0, double y1, double y, bool logY)
    {
        var fx = (time - t0) / (t1 - t0);
        var fy = logY ? (Math.Log10(y) - Math.Log10(y0)) / (Math.Log10(y1) - Math.Log10(y0)) : (y - y0) / (y1 - y0);
        return ((int)Math.Floor(panel.X + fx * panel.Width), (int)Math.Floor(panel.Bottom - fy * panel.Height));
    }

    /// <summary>The LUT colour matplotlib would pick: index floor(t · 256), clipped.</summary>
    private static Rgb Expected(double t)
    {
        var index = Math.Clamp((int)Math.Floor(t * 256), 0, 255);
        return Viridis[index];
    }

    [Fact]
    public void Cells_take_the_lut_colour_of_their_value_on_linear_and_log_colour_scales()
    {
        var (image, layout) = RenderPng(TwoRows());
        Assert.Equal((1400, 180 + 2 * 220), (image.Width, image.Height));
        for (var i = 0; i < 4; i++)
        {
            var time = Start + (i + 0.5) * Hour;
            for (var j = 0; j < 4; j++)
            {
                var (x, y) = PixelOf(layout.Rows[0].Main, Start, Start + 4 * Hour, time, 0, 4, j + 0.5, logY: false);
                Assert.Equal(Expected((1 + i + 4 * j) / 16.0), image.At(x, y));
            }
            for (var j = 0; j < 2; j++)
            {
                var (x, y) = PixelOf(layout.Rows[1].Main, Start, Start + 4 * Hour, time, 10, 1000, Math.Pow(10, 1.5 + j), logY: true);
                var value = Math.Pow(10, i / 2.0 + j);
                Assert.Equal(Expected(Math.Log10(value) / 4), image.At(x, y));
            }
        }
    }

    [Fact]
    public void A_cell_at_100_on_a_10_to_1000_log_axis_is_centred_and_the_geometric_mean_gets_the_middle_colour()
    {
        // Five cells a fifth of the axis each: log10 centres 1.2 … 2.8, the middle one at 100 (1.8..2.2).
        var y = new[] { 1.2, 1.6, 2.0, 2.4, 2.8 }.Select(e => Math.Pow(10, e)).ToArray();
        var plot = new SpectrogramSetPlot
        {
            TimeMin = Start,
            TimeMax = Start + 4 * Hour,
            Rows =
            [
                Row(y, (_, j) => j == 2 ? 1e4 : 1, 10, 1000, AxisScale.Log, 1, 1e4, AxisScale.Log, "hot cell"),
                Row(y, (_, _) => 100, 10, 1000, AxisScale.Log, 1, 1e4, AxisScale.Log, "geometric mean"),
            ],
        };
        var (image, layout) = RenderPng(plot);
        var panel = layout.Rows[0].Main;
        var x = (int)panel.CenterX;
        var hot = Enumerable.Range((int)panel.Y, (int)panel.Height).Where(row => image.At(x, row) == Viridis[255]).ToArray();
        Assert.Equal(panel.Height / 5, hot.Length, 1.0);
        Assert.Equal(panel.CenterY, (hot.First() + hot.Last() + 1) / 2.0, 1.0);

        var middle = layout.Rows[1].Main;
        Assert.Equal(Viridis[128], image.At((int)middle.CenterX, (int)middle.CenterY));
        Assert.Equal(Colormap.Get("viridis").Map(0.5), (Viridis[128].R, Viridis[128].G, Viridis[128].B));
    }

    [Fact]
    public void The_zoom_column_is_drawn_exactly_when_zoom_is_set()
    {
        var (plain, plainLayout) = RenderPng(TwoRows(zoom: false), 1800, 620);
        foreach (var row in plainLayout.Rows)
        {
            Assert.Null(row.Zoom);
            // Nothing between the main panel's tick area and the colourbar.
            for (var x = (int)row.Main.Right + 20; x < (int)row.Colorbar.X - 4; x++)
                for (var y = (int)row.Main.Y; y < (int)row.Main.Bottom; y++)
                    Assert.True(plain.At(x, y) == Rgb.White, $"pixel ({x}, {y}) left of the colourbar is not background");
        }

        var (zoomed, layout) = RenderPng(TwoRows(zoom: true));
        Assert.Equal(1800, zoomed.Width);
        var zoom = layout.Rows[0].Zoom!.Value;
        Assert.InRange(zoom.Width / layout.Rows[0].Main.Width, 0.30, 0.35);
        // The zoom shows 01:00..03:00 after Start: cells i = 1 and 2, same colours as in the main panel.
        for (var i = 1; i <= 2; i++)
            for (var j = 0; j < 4; j++)
            {
                var (x, y) = PixelOf(zoom, Start + Hour, Start + 3 * Hour, Start + (i + 0.5) * Hour, 0, 4, j + 0.5, logY: false);
                Assert.Equal(Expected((1 + i + 4 * j) / 16.0), zoomed.At(x, y));
            }
        // The window is marked in the main column by black lines at its edges.
        var main = layout.Rows[0].Main;
        var edge = (int)Math.Floor(main.X + 0.25 * main.Width);
        Assert.Equal(Rgb.Black, zoomed.At(edge, (int)main.CenterY + 3));
    }

    [Fact]
    public void Events_draw_red_dashed_lines_at_their_time_in_both_columns()
    {
        var eventTime = Start + 1.7 * Hour;
        var (image, layout) = RenderPng(TwoRows(zoom: true, events: [eventTime, Start + 10 * Hour]));
        foreach (var row in layout.Rows)
        {
            foreach (var (panel, t0, t1) in new[] { (row.Main, Start, Start + 4 * Hour), (row.Zoom!.Value, Start + Hour, Start + 3 * Hour) })
            {
                var x = (int)Math.Floor(panel.X + (eventTime - t0) / (t1 - t0) * panel.Width);
                var column = Enumerable.Range((int)panel.Y, (int)panel.Height).Select(y => image.At(x, y)).ToArray();
                Assert.All(column, c => Assert.True(c == TimeMarkPainter.EventColor || c == Rgb.White, $"event column has {c}"));
                Assert.InRange(column.Count(c => c == TimeMarkPainter.EventColor), column.Length / 3, 2 * column.Length / 3);
                // Four pixels away the data shows again.
                Assert.DoesNotContain(Enumerable.Range((int)panel.Y, (int)panel.Height), y => image.At(x + 4, y) == TimeMarkPainter.EventColor);
            }
        }
    }

    [Fact]
    public void A_legend_in_the_title_strip_says_what_event_lines_and_zoom_edges_are_and_only_when_they_are_drawn()
    {
        string[] Texts(SpectrogramSetPlot plot)
        {
            using var svg = new MemoryStream();
            SpectrogramSetFigure.Render(plot, svg, FigureFormat.Svg);
            return XDocument.Load(new MemoryStream(svg.ToArray())).Descendants()
                .Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        }
        var both = Texts(TwoRows(zoom: true, events: [Start + 1.7 * Hour]));
        Assert.Contains(TimeMarkPainter.EventLegend, both);
        Assert.Contains(TimeMarkPainter.ZoomLegend, both);
        var eventsOnly = Texts(TwoRows(events: [Start + 1.7 * Hour]));
        Assert.Contains(TimeMarkPainter.EventLegend, eventsOnly);
        Assert.DoesNotContain(TimeMarkPainter.ZoomLegend, eventsOnly);
        // An event outside the time axis draws no line, so no legend either.
        var none = Texts(TwoRows(events: [Start + 10 * Hour]));
        Assert.DoesNotContain(TimeMarkPainter.EventLegend, none);
        Assert.DoesNotContain(TimeMarkPainter.ZoomLegend, none);

        // In the PNG the event sample is red dashes in the title strip, right of the centred title.
        var (image, layout) = RenderPng(TwoRows(zoom: true, events: [Start + 1.7 * Hour]));
        var strip = layout.Title;
        var red = 0;
        for (var y = (int)strip.Y; y < (int)strip.Bottom; y++)
            for (var x = (int)strip.CenterX; x < (int)strip.Right; x++)
                if (image.At(x, y) == TimeMarkPainter.EventColor) red++;
        Assert.True(red >= 10, $"{red} event-coloured pixels in the legend");
    }

    [Fact]
    public void Irregular_cells_end_at_midpoints_and_nan_cells_show_the_background()
    {
        // Centres at 0.5, 1.5 and 3.5 h: edges at 0, 1, 2.5 and 4.5 h (the axis ends at 4 h).
        double[] times = [Start + 0.5 * Hour, Start + 1.5 * Hour, Start + 3.5 * Hour];
        var plot = new SpectrogramSetPlot
        {
            TimeMin = Start,
            TimeMax = Start + 4 * Hour,
            Rows = [Row([1, 2], (i, j) => j == 1 && i == 0 ? double.NaN : i + 1, 0.5, 2.5, AxisScale.Linear, 0, 4, AxisScale.Linear, "irregular", times)],
        };
        var (image, layout) = RenderPng(plot);
        var panel = layout.Rows[0].Main;
        Rgb At(double hours, double y) => image.At(PixelOf(panel, Start, Start + 4 * Hour, Start + hours * Hour, 0.5, 2.5, y, false).X,
            PixelOf(panel, Start, Start + 4 * Hour, Start + hours * Hour, 0.5, 2.5, y, false).Y);
        Assert.Equal(Expected(1 / 4.0), At(0.95, 1));
        Assert.Equal(Expected(2 / 4.0), At(1.05, 1));
        Assert.Equal(Expected(2 / 4.0), At(2.45, 1));
        Assert.Equal(Expected(3 / 4.0), At(2.55, 1));
        Assert.Equal(Expected(3 / 4.0), At(3.99, 1));
        Assert.Equal(Rgb.White, At(0.5, 2));
        Assert.Equal(Expected(2 / 4.0), At(1.5, 2));

        Assert.Equal([0.5, 1.5, 3, 5], MeshGrid.CellEdges([1, 2, 4], AxisScale.Linear));
        var logEdges = MeshGrid.CellEdges([10, 100, 1000], AxisScale.Log);
        Assert.Equal(new[] { 0.5, 1.5, 2.5, 3.5 }, logEdges.Select(e => Math.Round(Math.Log10(e), 12)));
    }

    [Fact]
    public void Many_cells_per_pixel_are_averaged_skipping_nan()
    {
        // 5000 times in ~1100 px: every pixel column holds 4-5 centres; odd cells are NaN, even cells 3.
        var times = Enumerable.Range(0, 5000).Select(i => Start + (i + 0.5) * 4 * Hour / 5000).ToArray();
        var plot = new SpectrogramSetPlot
        {
            TimeMin = Start,
            TimeMax = Start + 4 * Hour,
            Rows = [Row([1, 2], (i, _) => i % 2 == 1 ? double.NaN : 3, 0.5, 2.5, AxisScale.Linear, 0, 4, AxisScale.Linear, "dense", times)],
        };
        var (image, layout) = RenderPng(plot);
        var panel = layout.Rows[0].Main;
        var y = (int)panel.CenterY + 5;
        Assert.All(Enumerable.Range((int)panel.X + 2, (int)panel.Width - 4), x => Assert.Equal(Expected(0.75), image.At(x, y)));
    }

    [Fact]
    public void Svg_is_well_formed_xml_and_pdf_starts_with_the_pdf_header()
    {
        using var svg = new MemoryStream();
        SpectrogramSetFigure.Render(TwoRows(zoom: true, events: [Start + Hour * 1.5]), svg, FigureFormat.Svg);
        var document = XDocument.Load(new MemoryStream(svg.ToArray()));
        Assert.Equal("svg", document.Root!.Name.LocalName);
        Assert.Equal("1800", document.Root.Attribute("width")?.Value);
        Assert.Equal((180 + 2 * 220).ToString(CultureInfo.InvariantCulture), document.Root.Attribute("height")?.Value);
        // Four heatmaps and two colourbars are embedded images.
        Assert.True(document.Descendants().Count(e => e.Name.LocalName == "image") >= 6);

        using var pdf = new MemoryStream();
        SpectrogramSetFigure.Render(TwoRows(zoom: true), pdf, FigureFormat.Pdf, 1200, 700);
        var bytes = pdf.ToArray();
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));
        Assert.EndsWith("%%EOF", System.Text.Encoding.ASCII.GetString(bytes, bytes.Length - 16, 16).TrimEnd());
    }

    [Fact]
    public void Bad_plots_are_rejected_naming_the_row()
    {
        var plot = TwoRows();
        string Error(SpectrogramSetPlot p) => Assert.Throws<ArgumentException>(() => SpectrogramSetFigure.Render(p, new MemoryStream(), FigureFormat.Png)).Message;

        Assert.Contains("no rows", Error(plot with { Rows = [] }));
        var shortRow = plot.Rows[1] with { Values = new double[3] };
        var message = Error(plot with { Rows = [plot.Rows[0], shortRow] });
        Assert.Contains("row 1 (\"log\")", message);
        Assert.Contains("Y (2) × TimeUnix (4) = 8", message);
        Assert.Contains("row 0 (\"linear\"): Y must increase", Error(plot with { Rows = [plot.Rows[0] with { Y = [0.5, 1.5, 1.5, 3.5] }, plot.Rows[1]] }));
        Assert.Contains("row 1 (\"log\"): ZMin/ZMax on a log scale must be positive", Error(plot with { Rows = [plot.Rows[0], plot.Rows[1] with { ZMin = 0 }] }));
        Assert.Contains("row 1 (\"log\"): YMin/YMax on a log scale must be positive", Error(plot with { Rows = [plot.Rows[0], plot.Rows[1] with { YMin = -1 }] }));
        Assert.Contains("row 0 (\"linear\"): YMin/YMax must be finite with min < max", Error(plot with { Rows = [plot.Rows[0] with { YMax = 0 }, plot.Rows[1]] }));
        Assert.Contains("a log Y axis needs positive Y values", Error(plot with { Rows = [plot.Rows[0] with { Y = [0, 1.5, 2.5, 3.5], YScale = AxisScale.Log, YMin = 0.1 }, plot.Rows[1]] }));
        Assert.Contains("TimeMin/TimeMax", Error(plot with { TimeMax = plot.TimeMin }));
        Assert.Contains("Zoom", Error(plot with { Zoom = (Start + Hour, Start) }));
        Assert.Contains("event 0", Error(plot with { Events = [double.NaN] }));
        Assert.Contains("valid names", Error(plot with { Colormap = "jet" }));
    }
}
