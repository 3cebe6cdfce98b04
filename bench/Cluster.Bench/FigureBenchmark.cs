using System.Diagnostics;
using System.Text.Json;
using Cluster.Plotting;

namespace Cluster.Bench;

/// <summary>
/// A 1200x800 spectrogram figure from a 4096x1024 grid: drawing alone and drawing plus PNG (zlib level 1), and
/// PNG encoding alone of a noisy 1200x800 image (the worst case for compression), at zlib levels 1 and 6.
/// </summary>
internal static class FigureBenchmark
{
    private const int Width = 1200, Height = 800;

    public static int Run(Options options)
    {
        var repeat = options.Int("repeat", 7);
        var plot = NoisyPlot(rows: 1024, cols: 4096);
        var layout = SpectrogramLayout.For(Width, Height);
        var colormap = Colormap.Get(plot.Colormap);
        var (drawMs, drawPngMs, _) = FigureTimings.Measure(repeat, Width, Height,
            canvas => SpectrogramFigure.Draw(canvas, plot, colormap, layout),
            png => SpectrogramFigure.Render(plot, png, FigureFormat.Png, Width, Height));

        var (level1, level6) = EncodeNoise(repeat);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            draw_ms = drawMs,
            draw_png_ms = drawPngMs,
            png_noise_zlib1_ms = Statistics.Median(level1),
            png_noise_zlib6_ms = Statistics.Median(level6),
        }));
        return 0;
    }

    private static SpectrogramPlot NoisyPlot(int rows, int cols)
    {
        var random = new Random(5);
        var values = new float[rows * cols];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * random.NextDouble());
        return new SpectrogramPlot
        {
            FrequencyHz = Enumerable.Range(0, cols).Select(c => (c - cols / 2) * 50.0).ToArray(),
            FrequencyIsOffset = true,
            CenterFrequencyHz = 244.7789e6,
            TimeS = Enumerable.Range(0, rows).Select(r => r * 0.02).ToArray(),
            Values = values,
            Title = $"{cols} x {rows}",
            ColorbarLabel = "Power (dB)",
            ColorScale = ColorScale.Decibel,
        };
    }

    private static (List<double> Level1, List<double> Level6) EncodeNoise(int repeat)
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
        List<double> level1 = [], level6 = [];
        using var png = new MemoryStream();
        for (var run = 0; run <= repeat; run++) // run 0 warms up
        {
            png.SetLength(0);
            var clock = Stopwatch.StartNew();
            canvas.WritePng(png, 1);
            var fast = clock.Elapsed.TotalMilliseconds;
            png.SetLength(0);
            clock.Restart();
            canvas.WritePng(png, 6);
            if (run == 0) continue;
            level1.Add(fast);
            level6.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (level1, level6);
    }
}
