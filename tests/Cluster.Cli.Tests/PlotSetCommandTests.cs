using Cluster.TestSupport;
using static Cluster.Cli.Tests.SpectrogramSetCampaign;

namespace Cluster.Cli.Tests;

public class PlotSetCommandTests
{
    /// <summary>Needs the figure merge (SpectrogramSetFigure.Render).</summary>
    [Fact]
    public async Task One_item_is_drawn_to_the_named_file_and_its_path_printed()
    {
        using var temp = new TempDirectory();
        var spec = Write(temp.Path, ("good_1", Kind.Good));
        var output = temp.File("figures/good_1.png");

        var run = await CliRunner.RunAsync("plot-set", spec, "good_1", "-o", output);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(output, run.Output.Trim());
        Assert.Equal("800 600", Python.Run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]); im.load(); print(im.size[0], im.size[1])
            """, output).Trim());
    }

    [Fact]
    public async Task An_item_without_data_exits_1_with_the_reason_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var spec = Write(temp.Path, ("quiet", Kind.Quiet));

        var run = await CliRunner.RunAsync("plot-set", spec, "quiet", "-o", temp.File("quiet.png"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("quiet: no data: no data in range in any row: row 0 (EES): no finite data with y <= 4000", run.Error);
        Assert.False(File.Exists(temp.File("quiet.png")));
    }

    [Fact]
    public async Task A_corrupt_or_missing_row_file_exits_1_naming_item_row_and_file()
    {
        using var temp = new TempDirectory();
        var spec = Write(temp.Path, ("corrupt", Kind.Corrupt));

        var corrupt = await CliRunner.RunAsync("plot-set", spec, "corrupt", "-o", temp.File("c.png"));
        var missing = await CliRunner.RunAsync("plot-set", spec, "absent", "-o", temp.File("a.png"));

        Assert.Equal(1, corrupt.ExitCode);
        Assert.Contains($"item 'corrupt', row 1 (IES): {temp.File("orbits/ies/corrupt.npz")}: not a readable NPZ file", corrupt.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains($"item 'absent', row 0 (EES): {temp.File("orbits/ees/absent.npz")}: no such file", missing.Error);
        Assert.False(File.Exists(temp.File("c.png")) || File.Exists(temp.File("a.png")));
    }

    [Fact]
    public async Task Bad_specs_outputs_and_directories_outside_the_roots_exit_2()
    {
        using var temp = new TempDirectory();
        var spec = Write(temp.Path, ("good_1", Kind.Good));
        File.WriteAllText(temp.File("bad.yaml"), Spec.Replace("label: EES,", "label: EES, z_scale: cubic,"));
        File.WriteAllText(temp.File("outside.yaml"), Spec.Replace("directory: orbits", "directory: /etc"));
        File.WriteAllText(temp.File("iq.yaml"), "name: iq\nkind: checksum\ninput: { directory: orbits }\n");

        var badSpec = await CliRunner.RunAsync("plot-set", temp.File("bad.yaml"), "good_1", "-o", temp.File("x.png"));
        var badOutput = await CliRunner.RunAsync("plot-set", spec, "good_1", "-o", temp.File("x.gif"));
        var outside = await CliRunner.RunAsync("plot-set", temp.File("outside.yaml"), "good_1", "-o", temp.File("x.png"));
        var otherKind = await CliRunner.RunAsync("plot-set", temp.File("iq.yaml"), "good_1", "-o", temp.File("x.png"));

        Assert.Equal(2, badSpec.ExitCode);
        Assert.Contains("line 9: params.rows[0].z_scale: must be linear or log (got 'cubic')", badSpec.Error);
        Assert.Equal(2, badOutput.ExitCode);
        Assert.Contains("must end in .png, .svg or .pdf", badOutput.Error);
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("input.directory: /etc is outside the input roots", outside.Error);
        Assert.Equal(2, otherKind.ExitCode);
        Assert.Contains("plot-set draws spectrogram-set specs", otherKind.Error);
        Assert.Empty(Directory.EnumerateFiles(temp.Path, "x.*"));
    }
}
