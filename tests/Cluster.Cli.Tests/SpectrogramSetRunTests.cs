using System.Text.Json.Nodes;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;
using static Cluster.Cli.Tests.SpectrogramSetCampaign;

namespace Cluster.Cli.Tests;

/// <summary>`cluster run` on a spectrogram-set spec. The good items render: these tests need the figure merge.</summary>
public class SpectrogramSetRunTests
{
    private static async Task<IReadOnlyList<ItemInfo>> ItemsAsync(string data)
    {
        await using var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(data, "cluster.db")}", CancellationToken.None);
        var run = await store.GetRunAsync("campaign") ?? throw new InvalidOperationException("no run");
        return await store.ListItemsAsync(run.Id, null, null, 0, 1000);
    }

    [Fact]
    public async Task Progress_lists_done_error_and_no_data_items_and_resubmission_retries_only_error_and_no_data()
    {
        using var temp = new TempDirectory();
        var spec = Write(temp.Path, ("good_1", Kind.Good), ("good_2", Kind.Good), ("quiet", Kind.Quiet), ("corrupt", Kind.Corrupt));
        var data = temp.File("state");

        var first = await CliRunner.RunAsync("run", spec, "--data", data, "--workers", "2");

        Assert.True(first.ExitCode == 1, first.Output + first.Error);
        Assert.Contains("item 'corrupt', row 1 (IES): ", first.Error);
        var runDir = Path.Combine(data, "artifacts", "runs", "campaign");
        var progress = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "progress.json")))!;
        Assert.Equal(["good_1", "good_2"], progress["completed_items"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(["corrupt"], progress["errors"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["quiet"], progress["no_data"]!.AsArray().Select(n => n!.GetValue<string>()));
        var size = Python.Run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]); im.load(); print(im.size[0], im.size[1])
            """, Path.Combine(runDir, "good_1", "good_1.png"));
        Assert.Equal("800 600", size.Trim());
        // The no_data reason is kept on the item (first line, as for errors) and said once in its log.
        await using (var store = await WorkStores.OpenAsync($"sqlite://{Path.Combine(data, "cluster.db")}", CancellationToken.None))
        {
            var run = (await store.GetRunAsync("campaign"))!;
            var quiet = (await store.ListItemsAsync(run.Id, ItemState.NoData, null, 0, 10)).Single();
            Assert.StartsWith("no data in range in any row: row 0 (EES): no finite data", quiet.Error);
            var reason = (await store.ItemLogAsync(run.Id, "quiet")).Single(l => l.Message.StartsWith("no_data")).Message;
            Assert.Equal(1, reason.Split("row 0 (EES)").Length - 1);
        }
        var figureTime = File.GetLastWriteTimeUtc(Path.Combine(runDir, "good_2", "good_2.png"));
        var finishedFirst = (await ItemsAsync(data)).ToDictionary(i => i.Key, i => i.FinishedAt!.Value);

        // Resubmitted: the done items stay as they are; the error and no_data items run again (the corrupt one is fixed).
        Write(temp.Path, ("corrupt", Kind.Good));
        var second = await CliRunner.RunAsync("run", spec, "--data", data, "--workers", "2");

        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        // Resubmission resets a retried item's attempts, so the finish times tell which items ran again.
        var items = (await ItemsAsync(data)).ToDictionary(i => i.Key);
        Assert.Equal((ItemState.Done, finishedFirst["good_1"]), (items["good_1"].State, items["good_1"].FinishedAt!.Value));
        Assert.Equal((ItemState.Done, finishedFirst["good_2"]), (items["good_2"].State, items["good_2"].FinishedAt!.Value));
        Assert.Equal(ItemState.Done, items["corrupt"].State);
        Assert.True(items["corrupt"].FinishedAt > finishedFirst["corrupt"], "the error item was not retried");
        Assert.Equal(ItemState.NoData, items["quiet"].State);
        Assert.True(items["quiet"].FinishedAt > finishedFirst["quiet"], "the no_data item was not retried");
        Assert.All(items.Values, i => Assert.Equal(1, i.Attempts));
        Assert.Equal(figureTime, File.GetLastWriteTimeUtc(Path.Combine(runDir, "good_2", "good_2.png")));
        var after = JsonNode.Parse(File.ReadAllText(Path.Combine(runDir, "progress.json")))!;
        Assert.Equal(["corrupt", "good_1", "good_2"], after["completed_items"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Empty(after["errors"]!.AsArray());
        Assert.Equal(["quiet"], after["no_data"]!.AsArray().Select(n => n!.GetValue<string>()));
    }
}
