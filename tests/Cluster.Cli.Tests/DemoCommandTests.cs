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
        const string runs = "cluster-data/artifacts/runs";
        foreach (var file in new[] { "data/schottky.tiq", "data/schottky-sigmf.sigmf-meta", "data/schottky-sigmf.sigmf-data",
                     $"{runs}/demo-psd/schottky.tiq/schottky.npz", $"{runs}/demo-psd/schottky.tiq/schottky.png",
                     $"{runs}/demo-psd/schottky.tiq/schottky_zoom.png", $"{runs}/demo-psd/schottky.tiq/schottky.svg",
                     $"{runs}/demo-psd/progress.json", $"{runs}/demo-sigmf/schottky-sigmf.sigmf-meta/schottky-sigmf.npz",
                     $"{runs}/demo-sigmf/schottky-sigmf.sigmf-meta/schottky-sigmf_zoom.png", $"{runs}/demo-compat/schottky.tiq/schottky.png",
                     $"{runs}/demo-checksum/schottky.tiq/schottky.tiq.sha256.json" })
            Assert.True(File.Exists(Path.Combine(root.Path, file)), file);

        // The strongest line in both recordings is the 2 mV tone at centre + 50 kHz.
        var peaks = Python.Run("""
            import sys, numpy as np
            for p in sys.argv[1:]:
                z = np.load(p); print(repr(float(z["frequency_hz"][int(np.argmax(z["power"].mean(axis=0)))])))
            """, Path.Combine(root.Path, runs, "demo-psd/schottky.tiq/schottky.npz"),
            Path.Combine(root.Path, runs, "demo-sigmf/schottky-sigmf.sigmf-meta/schottky-sigmf.npz"));
        foreach (var line in peaks.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.Equal(244_778_900 + 50_000, double.Parse(line, CultureInfo.InvariantCulture), 390625.0 / 1024);
    }
}
