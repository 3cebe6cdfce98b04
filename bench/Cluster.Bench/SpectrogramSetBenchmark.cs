using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cluster.Formats;
using Cluster.Plotting;
using Cluster.Processors.SpectrogramSet;

namespace Cluster.Bench;

/// <summary>
/// Figures per second of the spectrogram-set kind, in process: per figure, read the three row NPZ files, run the data
/// path (nansum, y range, flip, percentiles, log floor, zoom window) and render a PNG (zlib level 1) to a file.
/// The same figure as bench/reference/spectrogram_set.py draws; bench/bench_set.py runs both alternately.
/// </summary>
internal static class SpectrogramSetBenchmark
{
    public static int Run(Options options)
    {
        var directory = options.Text("dir", "");
        var item = options.Text("item", "orbit_0001");
        var repeat = options.Int("repeat", 5);
        var output = options.Text("out", Path.Combine(Path.GetTempPath(), "cluster-bench-set.png"));
        var events = options.Text("events", "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => double.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        var parameters = new SpectrogramSetParameters
        {
            Rows =
            [
                Row("ees/{item}.npz", "Electrons (EES)"),
                Row("ies/{item}.npz", "Ions (IES)"),
                Row("eeb/{item}.npz", "Electrons burst (EEB)"),
            ],
            ZScale = AxisScale.Log,
            YScale = AxisScale.Log,
            ZoomMinutes = double.Parse(options.Text("zoom-minutes", "6.25"), CultureInfo.InvariantCulture),
            Events = events,
            Width = options.Int("width", 1600),
            Height = options.Int("height", 900),
        };
        var seconds = new List<double>();
        for (var run = 0; run <= repeat; run++) // run 0 warms up
        {
            var clock = Stopwatch.StartNew();
            var figure = SpectrogramSetBuilder.Build(item, directory, parameters);
            var plot = figure.Plot ?? throw new InvalidOperationException($"{item}: no data: {figure.NoDataReason}");
            AtomicFile.Write(output, stream => SpectrogramSetFigure.Render(plot, stream, FigureFormat.Png, parameters.Width, parameters.Height));
            if (run > 0) seconds.Add(clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(JsonSerializer.Serialize(new { seconds, median_s = Statistics.Median(seconds) }));
        return 0;
    }

    private static SetRowSpec Row(string file, string label) =>
        new() { File = file, X = "time_unix", Y = "energy", Data = "eflux", Label = label, CollapseAxis = 1 };
}
