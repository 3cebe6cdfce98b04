using System.Globalization;
using Cluster.Core.Processing;
using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests;

/// <summary>
/// Default colour limits of the IQ figures are robust: in psd mode a frame of exact zeros gives bins at the
/// -270 dBm/Hz floor, and they must not stretch the colour bar (the 1st percentile of the finite values is the lower
/// limit, the maximum the upper), unless vmin/vmax are given.
/// </summary>
public class IqFigureColorLimitTests
{
    private const int Lframes = 1024, Frames = 256, ZeroFrame = 100;

    private static string Recording(TempDirectory dir)
    {
        var random = new Random(9);
        var iq = new float[2 * Lframes * Frames];
        for (var n = 0; n < Lframes * Frames; n++)
        {
            if (n / Lframes == ZeroFrame) continue; // a dropout: this frame is exact zeros, its bins 0 W -> -270 dBm/Hz
            var phase = 2 * Math.PI * 0.2 * n;
            iq[2 * n] = (float)(1e-3 * Math.Cos(phase) + 1e-6 * (random.NextDouble() - 0.5));
            iq[2 * n + 1] = (float)(1e-3 * Math.Sin(phase) + 1e-6 * (random.NextDouble() - 0.5));
        }
        var path = dir.File("dropout.tiq");
        using var file = File.Create(path);
        TiqWriter.Write(file, iq, 390625, 244.7789e6, new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        return path;
    }

    private static async Task<string> Figure(TempDirectory dir, double? vmin = null)
    {
        var input = Recording(dir);
        var output = dir.File("out");
        var parameters = new IqSpectrogramParameters { Stft = new() { Lframes = Lframes }, VMin = vmin, Formats = OutputFormats.Parse("png,npz") };
        var result = await new IqSpectrogramProcessor().ProcessAsync(new WorkInput("dropout.tiq", input), parameters,
            new ProcessorContext(output, output), CancellationToken.None);
        Assert.Equal(ItemOutcome.Done, result.Outcome);
        return output;
    }

    /// <summary>
    /// numpy reads the NPZ, takes the limits the figure should use and predicts the LUT index of the noise's median
    /// value; PIL reads the PNG and gives the median LUT index of the plot area's pixels outside the dropout row.
    /// </summary>
    private const string Check = """
        import sys, json, numpy as np, matplotlib
        from PIL import Image
        z = np.load(sys.argv[1] + "/dropout.npz"); p = z["power"]
        finite = p[np.isfinite(p)]
        vmin = float(sys.argv[2]) if sys.argv[2] != "-" else float(np.percentile(finite, 1))
        vmax = float(finite.max())
        zero_rows = int(np.sum(np.all(p <= -269.9, axis=1)))
        noise = np.median(p[~np.all(p <= -269.9, axis=1)])
        expected = int(np.clip(np.floor((noise - vmin) / (vmax - vmin) * 256), 0, 255))
        lut = np.round(matplotlib.colormaps["viridis"](np.arange(256))[:, :3] * 255).astype(int)
        img = np.asarray(Image.open(sys.argv[1] + "/dropout.png").convert("RGB")).astype(int)
        x0, y0, w, h = (int(v) for v in sys.argv[3].split(","))
        plot = img[y0 + 2:y0 + h - 2:3, x0 + 2:x0 + w - 2:3].reshape(-1, 3)
        index = np.concatenate([np.argmin(np.abs(c[:, None, :] - lut[None, :, :]).sum(axis=2), axis=1)
                                for c in np.array_split(plot, max(1, len(plot) // 4096))])
        print(json.dumps({"zero_rows": zero_rows, "floor": float(p.min()), "vmin": vmin, "vmax": vmax,
                          "expected_noise_index": expected, "median_index": int(np.median(index)),
                          "lowest_colour_fraction": float(np.mean(index == 0))}))
        """;

    private static System.Text.Json.Nodes.JsonNode Measure(string output, double? vmin)
    {
        var plot = Cluster.Plotting.SpectrogramLayout.For(1200, 800).Plot;
        var box = string.Join(",", new[] { plot.X, plot.Y, plot.Width, plot.Height }.Select(v => ((int)v).ToString(CultureInfo.InvariantCulture)));
        return System.Text.Json.Nodes.JsonNode.Parse(Python.Run(Check, output, vmin?.ToString("R", CultureInfo.InvariantCulture) ?? "-", box))!;
    }

    [Fact]
    public async Task A_dropout_at_the_floor_does_not_stretch_the_colour_bar_in_psd_mode()
    {
        using var dir = new TempDirectory();
        var report = Measure(await Figure(dir), vmin: null);

        Assert.Equal(1, report["zero_rows"]!.GetValue<int>());
        Assert.Equal(-270, report["floor"]!.GetValue<double>(), 3);
        // The lower limit is the noise's 1st percentile, far above the floor; the noise then reads where the
        // percentile limits put it, low in the colour map, instead of a third of the way up.
        Assert.True(report["vmin"]!.GetValue<double>() > -250, report.ToJsonString());
        Assert.InRange(report["median_index"]!.GetValue<int>(), report["expected_noise_index"]!.GetValue<int>() - 4, report["expected_noise_index"]!.GetValue<int>() + 4);
        // Only the dropout row (1 of 256) and the lowest 1 % of the noise take the lowest colour.
        Assert.True(report["lowest_colour_fraction"]!.GetValue<double>() < 0.03, report.ToJsonString());
    }

    [Fact]
    public async Task A_given_vmin_is_kept_even_at_the_floor()
    {
        using var dir = new TempDirectory();
        var report = Measure(await Figure(dir, vmin: -270), vmin: -270);

        Assert.InRange(report["median_index"]!.GetValue<int>(), report["expected_noise_index"]!.GetValue<int>() - 4, report["expected_noise_index"]!.GetValue<int>() + 4);
    }
}
