using System.Diagnostics;
using System.Text.Json;
using Cluster.Plotting;

namespace Cluster.Bench;

/// <summary>
/// The spectrogram-set benchmark figure: 3 rows of 1440 times × 32 y values (a day at one-minute cadence,
/// as a 1440 × 64 × 32 cube collapsed over its 64 angles), a zoom column of one hour and 2 events, rendered
/// (drawing alone, and drawing plus PNG encoding) at the default size (1800 × 840) unless <c>--width</c>/<c>--height</c> say otherwise. Prints the median of <c>--repeat</c> runs after one warm-up.
/// </summary>
internal static class SetFigureBenchmark
{
    public static int Run(Options options)
    {
        var repeat = options.Int("repeat", 20);
        int width = options.Int("width", 0), height = options.Int("height", 0);
        var plot = BenchmarkPlot();
        var (defaultWidth, defaultHeight) = SpectrogramSetLayout.DefaultSize(plot.Rows.Count, zoom: true);
        width = width == 0 ? defaultWidth : width;
        height = height == 0 ? defaultHeight : height;
        var layout = SpectrogramSetLayout.For(width, height, plot.Rows.Count, zoom: true);
        var (drawMs, median, png) = FigureTimings.Measure(repeat, width, height,
            canvas => SpectrogramSetFigure.Draw(canvas, plot, layout),
            output => SpectrogramSetFigure.Render(plot, output, FigureFormat.Png, width, height));
        if (options.Text("out", "") is { Length: > 0 } path)
            File.WriteAllBytes(path, png);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            width,
            height,
            draw_ms = drawMs,
            set_figure_png_ms = median,
            figures_per_second = 1000 / median,
            png_bytes = png.Length,
        }));
        return 0;
    }

    public static SpectrogramSetPlot BenchmarkPlot()
    {
        const int times = 1440, bins = 32;
        var start = new DateTimeOffset(1996, 12, 31, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var timeUnix = Enumerable.Range(0, times).Select(i => start + 60.0 * i + 30).ToArray();
        var energies = Enumerable.Range(0, bins).Select(j => 10 * Math.Pow(3000, j / (bins - 1.0))).ToArray();
        var angles = Enumerable.Range(0, bins).Select(j => (j + 0.5) * 180.0 / bins).ToArray();
        var random = new Random(7);
        double[] Cube(Func<int, int, double> value)
        {
            var values = new double[times * bins];
            for (var j = 0; j < bins; j++)
                for (var i = 0; i < times; i++)
                    values[j * times + i] = i is >= 600 and < 630 ? double.NaN : value(i, j) * (0.5 + random.NextDouble());
            return values;
        }
        var electrons = Cube((i, j) => 1e7 * Math.Pow(energies[j] / 10, -1.5) * (1 + Math.Sin(i / 90.0)));
        var ions = Cube((i, j) => 1e5 * Math.Exp(-Math.Pow(Math.Log10(energies[j]) - 3 - 0.5 * Math.Sin(i / 200.0), 2) / 0.2));
        var pitch = Cube((i, j) => 1 + Math.Cos(angles[j] * Math.PI / 90) * Math.Sin(i / 120.0));
        return new SpectrogramSetPlot
        {
            Title = "FAST orbit 1234 (synthetic)",
            TimeMin = start,
            TimeMax = start + 86400,
            Rows =
            [
                new SpectrogramSetRow
                {
                    TimeUnix = timeUnix, Y = energies, Values = electrons, YMin = 10, YMax = 30000, YScale = AxisScale.Log,
                    ZMin = 1e2, ZMax = 1e7, ZScale = AxisScale.Log, Label = "Electrons", ZLabel = "Counts",
                },
                new SpectrogramSetRow
                {
                    TimeUnix = timeUnix, Y = energies, Values = ions, YMin = 10, YMax = 30000, YScale = AxisScale.Log,
                    ZMin = 1, ZMax = 1e5, ZScale = AxisScale.Log, Label = "Ions", ZLabel = "Counts",
                },
                new SpectrogramSetRow
                {
                    TimeUnix = timeUnix, Y = angles, Values = pitch, YMin = 0, YMax = 180, Label = "Electron pitch angle",
                    YLabel = "Pitch angle (°)", ZMin = 0, ZMax = 2, ZLabel = "Counts",
                },
            ],
            Events = [start + 5 * 3600.0 + 900, start + 5 * 3600.0 + 2100],
            Zoom = (start + 5 * 3600.0, start + 6 * 3600.0),
        };
    }
}
