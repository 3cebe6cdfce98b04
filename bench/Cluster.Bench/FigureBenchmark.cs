using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Cluster.Plotting;

namespace Cluster.Bench;

/// <summary>
/// A 1200x800 spectrogram figure from a 4096x1024 grid: drawing alone, drawing plus our PNG encoder, and
/// PNG encoding of a noisy image by our encoder (zlib level 1) against cairo_surface_write_to_png (level 6).
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

        var (ours, cairo) = EncodeNoise(repeat);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            draw_ms = drawMs,
            draw_png_ms = drawPngMs,
            png_noise_ours_ms = Statistics.Median(ours),
            png_noise_cairo_ms = Statistics.Median(cairo),
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

    private static (List<double> Ours, List<double> Cairo) EncodeNoise(int repeat)
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
        var directory = Directory.CreateTempSubdirectory("cluster-bench-png-");
        try
        {
            List<double> ours = [], cairo = [];
            for (var run = 0; run <= repeat; run++)
            {
                var clock = Stopwatch.StartNew();
                using (var file = File.Create(Path.Combine(directory.FullName, "ours.png")))
                    PngEncoder.Encode(file, canvas.Pixels, Width, Height, canvas.Stride, PngPixelFormat.Rgb, CompressionLevel.Fastest, PngRowFilter.Up);
                var oursMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                canvas.WritePngWithCairo(Path.Combine(directory.FullName, "cairo.png"));
                if (run == 0) continue;
                ours.Add(oursMs);
                cairo.Add(clock.Elapsed.TotalMilliseconds);
            }
            return (ours, cairo);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
