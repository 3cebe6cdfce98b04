using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public async Task Demo_generates_recordings_and_spectrograms_that_show_the_known_tone()
    {
        using var root = new TempDirectory();
        var run = await CliRunner.RunAsync("demo", "-o", root.Path);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(root.Path, run.Error);
        foreach (var file in new[] { "data/schottky.tiq", "data/schottky-sigmf.sigmf-meta", "data/schottky-sigmf.sigmf-data",
                     "psd/schottky.npz", "psd/schottky.png", "psd/schottky_zoom.png", "psd/schottky.svg",
                     "psd-sigmf/schottky-sigmf.npz", "psd-sigmf/schottky-sigmf_zoom.png", "compat/schottky.png" })
            Assert.True(File.Exists(Path.Combine(root.Path, file)), file);

        // The strongest line in both recordings is the 2 mV tone at centre + 50 kHz.
        var peaks = Python.Run("""
            import sys, numpy as np
            for p in sys.argv[1:]:
                z = np.load(p); print(repr(float(z["frequency_hz"][int(np.argmax(z["power"].mean(axis=0)))])))
            """, Path.Combine(root.Path, "psd/schottky.npz"), Path.Combine(root.Path, "psd-sigmf/schottky-sigmf.npz"));
        foreach (var line in peaks.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Equal(244_778_900 + 50_000, double.Parse(line, CultureInfo.InvariantCulture), 390625.0 / 1024);
    }
}
