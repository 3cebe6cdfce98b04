using System.Text;
using System.Text.Json.Nodes;
using Cluster.Core.Work;
using Cluster.Signal;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

/// <summary>
/// `cluster run` over folders where some inputs are broken: each broken one ends `error` with the file and the problem
/// on the item, every good one ends `done` with its outputs: nothing else is lost. A hostile spec stops before any run.
/// </summary>
public class BadItemRunTests
{
    private const double SampleRate = 100_000;

    private static void WriteTiq(string path, int samples)
    {
        var iq = new float[2 * samples];
        for (var i = 0; i < samples; i++)
        {
            iq[2 * i] = 0.1f * MathF.Cos(2 * MathF.PI * 1000 * i / (float)SampleRate);
            iq[2 * i + 1] = 0.1f * MathF.Sin(2 * MathF.PI * 1000 * i / (float)SampleRate);
        }
        using var file = File.Create(path);
        TiqWriter.Write(file, iq, SampleRate, 1e6, new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
    }

    private static async Task<Dictionary<string, ItemInfo>> ItemsAsync(string data, string run)
    {
        await using var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(data, "cluster.db")}", CancellationToken.None);
        var info = await store.GetRunAsync(run) ?? throw new InvalidOperationException($"no run {run}");
        return (await store.ListItemsAsync(info.Id, null, null, 0, 1000)).ToDictionary(i => i.Key);
    }

    [Fact]
    public async Task Broken_tiq_files_among_good_ones_end_error_naming_file_and_problem_and_the_good_ones_are_done()
    {
        using var temp = new TempDirectory();
        var iq = Directory.CreateDirectory(temp.File("iq")).FullName;
        WriteTiq(Path.Combine(iq, "good_1.tiq"), 4096);
        WriteTiq(Path.Combine(iq, "good_2.tiq"), 4096);
        // Odd byte count: three bytes appended to whole samples.
        WriteTiq(Path.Combine(iq, "odd.tiq"), 4096);
        File.AppendAllText(Path.Combine(iq, "odd.tiq"), "abc");
        // The header lies: NumberSamples says more than the data holds (same length, so the offset stays right).
        WriteTiq(Path.Combine(iq, "liar.tiq"), 4096);
        var liar = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(iq, "liar.tiq")));
        File.WriteAllBytes(Path.Combine(iq, "liar.tiq"), Encoding.Latin1.GetBytes(liar.Replace("<NumberSamples>4096<", "<NumberSamples>9999<")));
        // Truncated inside its header: the offset points past the end.
        File.WriteAllBytes(Path.Combine(iq, "cut.tiq"), File.ReadAllBytes(Path.Combine(iq, "good_1.tiq"))[..300]);
        var spec = temp.File("iq.yaml");
        File.WriteAllText(spec, "name: tiqs\nkind: iq-spectrogram\ninput: {directory: iq, glob: '*.tiq'}\nparams: {lframes: 256}\noutputs: {formats: [npz]}\n");
        var data = temp.File("state");

        var run = await CliRunner.RunAsync("run", spec, "--data", data, "--workers", "2");

        Assert.True(run.ExitCode == 1, run.Output + run.Error);
        var items = await ItemsAsync(data, "tiqs");
        Assert.Equal(ItemState.Done, items["good_1.tiq"].State);
        Assert.Equal(ItemState.Done, items["good_2.tiq"].State);
        var errors = items.Values.Where(i => i.State == ItemState.Error).ToDictionary(i => i.Key, i => i.Error!);
        Assert.Equal(["cut.tiq", "liar.tiq", "odd.tiq"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith($"{Path.Combine(iq, "cut.tiq")}: data offset ", errors["cut.tiq"]);
        Assert.Contains("is beyond the end of the file (300 bytes)", errors["cut.tiq"]);
        Assert.Equal($"{Path.Combine(iq, "liar.tiq")}: header declares NumberSamples=9999 but the data holds only 4096 samples: truncated?", errors["liar.tiq"]);
        Assert.StartsWith($"{Path.Combine(iq, "odd.tiq")}: ", errors["odd.tiq"]);
        Assert.Contains("not a whole number of int32 I/Q samples", errors["odd.tiq"]);
        var runDir = Path.Combine(data, "artifacts", "runs", "tiqs");
        Assert.True(File.Exists(Path.Combine(runDir, "good_1.tiq", "good_1.npz")));
        Assert.True(File.Exists(Path.Combine(runDir, "good_2.tiq", "good_2.npz")));
        Assert.False(Directory.Exists(Path.Combine(runDir, "odd.tiq")), "a failed item left outputs");
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "progress.json")))!;
        Assert.Equal(["cut.tiq", "liar.tiq", "odd.tiq"], progress["errors"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_recording_of_nan_samples_among_good_ones_ends_no_data_naming_the_file_and_the_good_one_is_done()
    {
        using var temp = new TempDirectory();
        var iq = Directory.CreateDirectory(temp.File("iq")).FullName;
        WriteTiq(Path.Combine(iq, "good.tiq"), 4096);
        var nan = new float[2 * 4096];
        Array.Fill(nan, float.NaN);
        using (var file = File.Create(Path.Combine(iq, "nan.sigmf-data")))
            SigMfWriter.WriteData(file, nan, SigMfDatatype.Cf32Le);
        File.WriteAllText(Path.Combine(iq, "nan.sigmf-meta"), SigMfWriter.MetaJson(SigMfDatatype.Cf32Le, SampleRate, 1e6, DateTimeOffset.UnixEpoch, "all NaN"));
        var spec = temp.File("iq.yaml");
        File.WriteAllText(spec, "name: nans\nkind: iq-spectrogram\ninput: {directory: iq, items: [good.tiq, nan.sigmf-meta]}\nparams: {lframes: 256}\noutputs: {formats: [png, npz]}\n");
        var data = temp.File("state");

        var run = await CliRunner.RunAsync("run", spec, "--data", data, "--workers", "2");

        // no_data is an outcome, not a failure: the run succeeds, and says so in its counts.
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("run nans: succeeded (1 done, 1 no data, 0 errors)", run.Output + run.Error);
        var items = await ItemsAsync(data, "nans");
        Assert.Equal(ItemState.Done, items["good.tiq"].State);
        Assert.Equal(ItemState.NoData, items["nan.sigmf-meta"].State);
        Assert.Equal($"{Path.Combine(iq, "nan.sigmf-meta")}: the spectrogram has no finite value: the selected samples are NaN or infinite",
            items["nan.sigmf-meta"].Error);
        var runDir = Path.Combine(data, "artifacts", "runs", "nans");
        Assert.True(File.Exists(Path.Combine(runDir, "good.tiq", "good.png")));
        Assert.False(Directory.Exists(Path.Combine(runDir, "nan.sigmf-meta")), "a no_data item left outputs");
    }

    [Fact]
    public async Task A_yaml_alias_bomb_exits_2_with_the_line_of_the_first_alias_before_any_run()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("d"));
        var yaml = new StringBuilder("name: lol\nkind: checksum\ninput: {directory: d}\nparams:\n  lol0: &a0 \"lol\"\n");
        for (var level = 1; level <= 9; level++)
            yaml.Append($"  lol{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        var spec = temp.File("lol.yaml");
        File.WriteAllText(spec, yaml.ToString());

        var run = await CliRunner.RunAsync("run", spec, "--data", temp.File("state"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{spec}:", run.Error);
        Assert.Contains("line 6: spec: aliases (*a0) are not supported: write the value out", run.Error);
        Assert.False(File.Exists(Path.Combine(temp.File("state"), "cluster.db")) && (await ItemsAsync(temp.File("state"), "lol")).Count > 0);
    }
}
