using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>`cluster run` as a real process: killed with SIGKILL at any point, it resumes without redoing work.</summary>
public class EmbeddedRunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static string WriteInputs(TempDirectory temp, int count)
    {
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        for (var i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(data, $"file{i:D4}.bin"), $"content of file {i}\n");
        return data;
    }

    private static async Task<long> DoneCountAsync(string dataDir, string name)
    {
        if (!File.Exists(Path.Combine(dataDir, "cluster.db"))) return 0;
        await using var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(dataDir, "cluster.db")}", CancellationToken.None);
        return (await store.GetRunAsync(name))?.Counts.Done ?? 0;
    }

    private static async Task<(RunInfo Run, IReadOnlyList<ItemInfo> Items)> ReadRunAsync(string dataDir, string name)
    {
        await using var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(dataDir, "cluster.db")}", CancellationToken.None);
        var run = await store.GetRunAsync(name) ?? throw new InvalidOperationException($"no run {name}");
        return (run, await store.ListItemsAsync(run.Id, null, null, 0, 100_000));
    }

    private static Dictionary<string, DateTime> ArtifactTimes(string dataDir, string run) =>
        Directory.EnumerateFiles(Path.Combine(dataDir, "artifacts", "runs", run), "*.json", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith("progress.json"))
            .ToDictionary(p => p, File.GetLastWriteTimeUtc);

    [Fact]
    public async Task Killed_with_sigkill_mid_run_it_resumes_without_redoing_completed_items()
    {
        using var temp = new TempDirectory();
        WriteInputs(temp, 150);
        var spec = temp.File("spec.yaml");
        File.WriteAllText(spec, "name: kill-me\nkind: checksum\ninput: {directory: data, glob: '*.bin'}\nparams: {delay_ms: 30}\nlease_seconds: 2\n");
        var dataDir = temp.File("state");

        using (var first = ClusterProcess.Start(null, "run", spec, "--data", dataDir, "--workers", "2"))
        {
            // Let a good part finish, then pull the plug.
            for (var wait = 0; wait < 600; wait++)
            {
                await Task.Delay(100);
                if (await DoneCountAsync(dataDir, "kill-me") >= 40) break;
            }
            first.Kill();
            await first.WaitForExitAsync(Timeout);
        }
        var (killed, before) = await ReadRunAsync(dataDir, "kill-me");
        Assert.False(killed.State.IsFinished(), "the run finished before it could be killed; make the items slower");
        var doneBefore = before.Where(i => i.State == ItemState.Done).Select(i => i.Key).ToHashSet();
        Assert.InRange(doneBefore.Count, 40, 149);
        var timesBefore = ArtifactTimes(dataDir, "kill-me");

        var (code, output) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", dataDir, "--workers", "2");

        Assert.True(code == 0, output);
        var (run, after) = await ReadRunAsync(dataDir, "kill-me");
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(150, after.Count(i => i.State == ItemState.Done));
        // Items done before the kill were not processed again: same attempt count, artifacts untouched.
        Assert.All(after.Where(i => doneBefore.Contains(i.Key)), item => Assert.Equal(1, item.Attempts));
        var timesAfter = ArtifactTimes(dataDir, "kill-me");
        Assert.Equal(150, timesAfter.Count);
        Assert.All(timesBefore, entry => Assert.Equal(entry.Value, timesAfter[entry.Key]));
    }

    [Fact]
    public async Task Resubmitting_does_nothing_ignore_progress_redoes_all_and_errors_are_retried()
    {
        using var temp = new TempDirectory();
        var data = WriteInputs(temp, 5);
        var spec = temp.File("spec.yaml");
        File.WriteAllText(spec, "name: again\nkind: checksum\ninput: {directory: data, items: [file0000.bin, file0001.bin, late.bin]}\n");
        var dataDir = temp.File("state");

        var (firstCode, firstOutput) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", dataDir);
        Assert.True(firstCode == 1, firstOutput);
        Assert.Contains("late.bin", firstOutput);
        var (failedRun, failedItems) = await ReadRunAsync(dataDir, "again");
        Assert.Equal(RunState.CompletedWithErrors, failedRun.State);
        Assert.Equal(ItemState.Error, failedItems.Single(i => i.Key == "late.bin").State);

        File.WriteAllText(Path.Combine(data, "late.bin"), "arrived later\n");
        var timesBefore = ArtifactTimes(dataDir, "again");
        var (secondCode, secondOutput) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", dataDir);
        Assert.True(secondCode == 0, secondOutput);
        var (retried, items) = await ReadRunAsync(dataDir, "again");
        Assert.Equal(RunState.Succeeded, retried.State);
        Assert.All(items, i => Assert.Equal(ItemState.Done, i.State));
        Assert.All(timesBefore, entry => Assert.Equal(entry.Value, File.GetLastWriteTimeUtc(entry.Key)));

        var timesDone = ArtifactTimes(dataDir, "again");
        var (thirdCode, _) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", dataDir);
        Assert.Equal(0, thirdCode);
        Assert.All(timesDone, entry => Assert.Equal(entry.Value, File.GetLastWriteTimeUtc(entry.Key)));
        Assert.All((await ReadRunAsync(dataDir, "again")).Items, i => Assert.Equal(1, i.Attempts));

        await Task.Delay(20);
        var (fourthCode, _) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", dataDir, "--ignore-progress");
        Assert.Equal(0, fourthCode);
        Assert.All(timesDone, entry => Assert.True(File.GetLastWriteTimeUtc(entry.Key) > entry.Value, $"{entry.Key} was not redone"));
    }

    [Fact]
    public async Task A_bad_spec_exits_2_with_the_line_and_field()
    {
        using var temp = new TempDirectory();
        var spec = temp.File("bad.yaml");
        File.WriteAllText(spec, "name: b\nkind: iq-spectrogram\ninput: {directory: .}\nparams:\n  lframes: 1000\n");
        var (code, output) = await ClusterProcess.RunAsync(null, Timeout, "run", spec, "--data", temp.File("state"));
        Assert.Equal(2, code);
        Assert.Contains("line 5: params.lframes: must be a power of two", output);
    }
}
