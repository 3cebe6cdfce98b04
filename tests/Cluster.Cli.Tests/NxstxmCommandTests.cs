using System.Text.Json;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

public class NxstxmCommandTests
{
    /// <summary>Two good scans and two corrupt ones (no start document, unknown scan type) in one directory.</summary>
    private static string[] MixedScans(string directory)
    {
        Directory.CreateDirectory(directory);
        var good = Path.Combine(directory, "good.jsonl");
        SyntheticStxmScan.WriteJsonLines(good, [700.0, 710.0], 6, 5, [-1.0, 1.0]);
        File.Copy(StxmExampleReference.PathOf("SAMPLE_LINE_SPECTRA"), Path.Combine(directory, "line.json"));
        var noStart = Path.Combine(directory, "nostart.jsonl");
        File.WriteAllLines(noStart, File.ReadAllLines(good).Where(l => !l.StartsWith("[\"start\"")));
        var unknown = Path.Combine(directory, "unknown.jsonl");
        File.WriteAllText(unknown, File.ReadAllText(good).Replace("\\u0022scan_type\\u0022:7", "\\u0022scan_type\\u0022:42"));
        return ["good.jsonl", "line.json", "nostart.jsonl", "unknown.jsonl"];
    }

    [Fact]
    public async Task One_file_converts_to_a_valid_nxstxm_file_and_a_quick_look()
    {
        using var dir = new TempDirectory();
        var input = dir.File("stack.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0, 705.0, 710.0], 48, 32, [-1.0, 1.0]);
        var output = Path.Combine(dir.Path, "out");

        var run = await CliRunner.RunAsync("nxstxm", input, "-o", output, "--source-name", "Test STXM", "--compression", "3");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal([Path.Combine(output, "stack.hdf5"), Path.Combine(output, "stack.png")], run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var (code, report) = NexusValidator.Validate(Path.Combine(output, "stack.hdf5"), "--strict", "--profile", "mantis");
        Assert.True(code == 0, report);
        var read = Python.Run("import sys, h5py; f = h5py.File(sys.argv[1], 'r'); print(sorted(f), f['entry1/counter0/data'].shape, f['entry0/counter0/data'].compression_opts)",
            Path.Combine(output, "stack.hdf5"));
        Assert.Equal("['entry0', 'entry1'] (3, 32, 48) 3", read.Trim());
    }

    [Fact]
    public async Task A_directory_with_corrupt_scans_converts_the_good_ones_and_leaves_err_files_for_the_others()
    {
        using var dir = new TempDirectory();
        MixedScans(Path.Combine(dir.Path, "scans"));
        var output = Path.Combine(dir.Path, "out");

        var run = await CliRunner.RunAsync("nxstxm", Path.Combine(dir.Path, "scans"), "-o", output, "--no-quicklook");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["good.hdf5", "line.hdf5", "nostart.err", "unknown.err"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Contains("nostart.jsonl (line 1): run ", run.Error);
        Assert.Contains("no start document", run.Error);
        Assert.Contains("unknown scan type 42", run.Error);
        Assert.Contains("2 of 4 scans converted, 2 failed", run.Error);
    }

    [Fact]
    public async Task Bad_parameters_and_missing_input_are_usage_errors()
    {
        using var dir = new TempDirectory();
        var compression = await CliRunner.RunAsync("nxstxm", StxmExampleReference.PathOf("OSA_IMAGE"), "-o", dir.Path, "--compression", "10");
        Assert.Equal(2, compression.ExitCode);
        Assert.Contains("compression: must be a gzip level from 0 (none) to 9 (got 10)", compression.Error);
        var missing = await CliRunner.RunAsync("nxstxm", dir.File("absent.jsonl"), "-o", dir.Path);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public async Task Cluster_run_of_good_and_corrupt_scans_lists_done_and_error_items_in_the_progress_document()
    {
        using var dir = new TempDirectory();
        MixedScans(Path.Combine(dir.Path, "scans"));
        var spec = dir.File("stxm.yaml");
        File.WriteAllText(spec, """
            name: stxm-mixed
            kind: nxstxm
            input: { directory: scans }
            params: { source_name: test }
            max_attempts: 1
            """);
        var data = Path.Combine(dir.Path, "cluster-data");

        var run = await CliRunner.RunAsync("run", spec, "--data", data, "--workers", "2");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("2 done, 0 no data, 2 errors", run.Output);
        Assert.Contains("error nostart.jsonl:", run.Error);
        var runs = Path.Combine(data, "artifacts", "runs", "stxm-mixed");
        using var progress = JsonDocument.Parse(File.ReadAllText(Path.Combine(runs, "progress.json")));
        Assert.Equal(["good.jsonl", "line.json"], progress.RootElement.GetProperty("completed_items").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(["nostart.jsonl", "unknown.jsonl"], progress.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).Order());
        foreach (var (item, stem) in new[] { ("good.jsonl", "good"), ("line.json", "line") })
        {
            var (code, report) = NexusValidator.Validate(Path.Combine(runs, item, stem + ".hdf5"), "--strict");
            Assert.True(code == 0, report);
            Assert.True(File.Exists(Path.Combine(runs, item, stem + ".png")));
        }
        Assert.False(File.Exists(Path.Combine(runs, "nostart.jsonl", "nostart.hdf5")));
    }
}
