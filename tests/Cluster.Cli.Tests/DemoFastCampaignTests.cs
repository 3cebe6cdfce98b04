using System.Text.Json.Nodes;
using Cluster.Cli.Demo;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

/// <summary>The demo's FAST-like campaign. Figures are drawn: these tests need the figure merge.</summary>
public class DemoFastCampaignTests
{
    [Fact]
    public async Task Demo_runs_the_campaign_the_quiet_orbit_ends_no_data_and_plot_set_draws_the_cusp_orbit()
    {
        using var root = new TempDirectory();
        var campaign = new FastCampaign();

        var demo = await CliRunner.RunAsync("demo", "-o", root.Path);

        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("demo-fast/<orbit>/<orbit>.png", demo.Error);
        var runDir = root.File("cluster-data/artifacts/runs/demo-fast");
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "progress.json")))!;
        var done = Enumerable.Range(0, campaign.Orbits - 1).Select(campaign.OrbitName).ToArray();
        Assert.Equal(done, progress["completed_items"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal([campaign.Quiet], progress["no_data"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Empty(progress["errors"]!.AsArray());
        Assert.All(done, orbit => Assert.True(File.Exists(Path.Combine(runDir, orbit, orbit + ".png")), orbit));

        var figure = root.File("cusp.svg");
        var plot = await CliRunner.RunAsync("plot-set", root.File("demo-fast.yaml"), campaign.Cusp.Orbit, "-o", figure);
        Assert.True(plot.ExitCode == 0, plot.Error);
        Assert.Contains("<svg", File.ReadAllText(figure));
    }

    [Fact]
    public void The_campaign_files_are_float32_cubes_numpy_reads_with_nans_a_gap_and_an_all_nan_orbit()
    {
        using var root = new TempDirectory();
        var campaign = new FastCampaign { Orbits = 2, Times = 100 };
        campaign.Write(root.Path);

        var summary = Python.Run("""
            import sys, numpy as np
            for path in sys.argv[1:]:
                z = np.load(path)
                f = z["eflux"]
                assert f.dtype == np.float32 and f.shape == (100, 16, 32), (f.dtype, f.shape)
                assert np.all(np.diff(z["time_unix"]) == 5.0) and np.all(np.diff(z["energy"]) < 0)
                print(round(float(np.isnan(f).mean()), 2), int(np.all(np.isnan(f[80:100]))))
            """, root.File("ees/orbit_1001.npz"), root.File("ies/orbit_1002.npz")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var first = summary[0].Split(' ');
        Assert.InRange(double.Parse(first[0], System.Globalization.CultureInfo.InvariantCulture), 0.15, 0.3); // 2 % + the 20-sample gap
        Assert.Equal("1", first[1]);
        Assert.Equal("1.0 1", summary[1]); // orbit_1002 is the quiet one when there are two orbits
    }
}
