using System.Diagnostics;
using Cluster.Plotting;

namespace Cluster.Bench;

/// <summary>Median milliseconds of drawing a figure alone and of rendering it to PNG, after one warm-up run.</summary>
internal static class FigureTimings
{
    public static (double DrawMs, double DrawPngMs, byte[] LastPng) Measure(int repeat, int width, int height,
        Action<Canvas> draw, Action<Stream> renderPng)
    {
        var drawTimes = new List<double>();
        var pngTimes = new List<double>();
        var png = new MemoryStream();
        for (var run = 0; run <= repeat; run++) // run 0 warms up
        {
            var clock = Stopwatch.StartNew();
            using (var canvas = Canvas.CreateImage(width, height))
            {
                draw(canvas);
                canvas.Finish();
            }
            var drawn = clock.Elapsed.TotalMilliseconds;
            png.SetLength(0);
            clock.Restart();
            renderPng(png);
            if (run == 0) continue;
            drawTimes.Add(drawn);
            pngTimes.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (Statistics.Median(drawTimes), Statistics.Median(pngTimes), png.ToArray());
    }
}
