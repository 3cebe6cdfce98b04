using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

public class SpectrogramCommandTests
{
    private static readonly string Tiq = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0_first102400.tiq");
    private static readonly string Bin = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0.bin");

    [Fact]
    public async Task Raw_bin_and_tiq_give_the_same_npz()
    {
        using var output = new TempDirectory();
        var tiq = await CliRunner.RunAsync("spectrogram", Tiq, "-o", output.Path, "--mode", "compat", "--n-avg", "4", "--format", "npz");
        var bin = await CliRunner.RunAsync("spectrogram", Bin, "-o", output.Path, "--mode", "compat", "--n-avg", "4", "--format", "npz",
            "--sample-rate", "390625", "--center-frequency", "244778900");

        Assert.Equal(0, tiq.ExitCode);
        Assert.Equal(0, bin.ExitCode);
        Assert.Equal(output.File("p_400_MeV_u_332_uA_0_first102400.npz"), tiq.Output.Trim());
        var difference = Python.Run("""
            import sys, numpy as np
            a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
            assert a["power"].shape == (25, 1024), a["power"].shape
            print(repr(float(np.max(np.abs(a["power"] - b["power"])) / np.max(a["power"]))))
            """, output.File("p_400_MeV_u_332_uA_0_first102400.npz"), output.File("p_400_MeV_u_332_uA_0.npz"));
        Assert.True(double.Parse(difference, CultureInfo.InvariantCulture) < 1e-5, difference);
    }

    [Fact]
    public async Task Frame_range_selects_end_minus_start_plus_one_frames()
    {
        using var output = new TempDirectory();
        var run = await CliRunner.RunAsync("spectrogram", Tiq, "-o", output.Path, "--start-frame", "11", "--end-frame", "40",
            "--lframes", "512", "--format", "npz");

        Assert.Equal(0, run.ExitCode);
        var shape = Python.Run("""
            import sys, numpy as np
            z = np.load(sys.argv[1]); print(*z["power"].shape, repr(float(z["time_s"][0])))
            """, output.File("p_400_MeV_u_332_uA_0_first102400.npz")).Split(' ');
        Assert.Equal("30", shape[0]);
        Assert.Equal("512", shape[1]);
        Assert.Equal(10 * 512 / 390625.0, double.Parse(shape[2], CultureInfo.InvariantCulture), 12);
    }

    [Theory]
    [InlineData("--lframes", "1000", "lframes: must be a power of two")]
    [InlineData("--mode", "fancy", "mode: must be psd or compat")]
    [InlineData("--format", "gif", "format: unknown output format 'gif'")]
    [InlineData("--window", "kaiser", "window: must be rect, hann or blackman")]
    public async Task Bad_parameters_exit_2_with_the_parameter_named_and_write_nothing(string option, string value, string message)
    {
        using var output = new TempDirectory();
        var run = await CliRunner.RunAsync("spectrogram", Tiq, "-o", output.File("out"), option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.False(Directory.Exists(output.File("out")));
    }

    [Fact]
    public async Task Start_after_end_exits_2()
    {
        using var output = new TempDirectory();
        var run = await CliRunner.RunAsync("spectrogram", Tiq, "-o", output.Path, "--start-frame", "9", "--end-frame", "3");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("start_frame", run.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task Missing_and_unreadable_inputs_exit_1_naming_the_file()
    {
        using var work = new TempDirectory();
        var truncated = work.File("cut.tiq");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Tiq)[..100_003]);

        var missing = await CliRunner.RunAsync("spectrogram", work.File("absent.tiq"), "-o", work.File("out"));
        var cut = await CliRunner.RunAsync("spectrogram", truncated, "-o", work.File("out"));
        var raw = await CliRunner.RunAsync("spectrogram", Bin, "-o", work.File("out"));

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("absent.tiq", missing.Error);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("cut.tiq", cut.Error);
        Assert.Equal(1, raw.ExitCode);
        Assert.Contains("--sample-rate", raw.Error);
        Assert.False(Directory.Exists(work.File("out")));
    }

    [Fact]
    public async Task Unknown_command_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync("frobnicate");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("frobnicate", run.Error);
    }
}
