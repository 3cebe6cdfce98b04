using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Cli.Tests;

public class CatalogCommandTests
{
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";
    private const string RunC = "5eed0000000000000000000000000005";
    private static readonly string Db = RepositoryPaths.Fixture("Resonance", "beamtime_example.db");

    [Fact]
    public async Task Recent_prints_a_table_newest_first_and_json_on_request()
    {
        var table = await CliRunner.RunAsync("catalog", Db, "recent", "-n", "2");
        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("UID", lines[0].Trim());
        Assert.Equal([RunC, RunB], lines[1..].Select(l => l.Trim().Split(' ')[0]));
        Assert.Contains("aborted", lines[1]);

        var json = await CliRunner.RunAsync("catalog", Db, "recent", "--json");
        var runs = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal([RunC, RunB, RunA], runs.EnumerateArray().Select(r => r.GetProperty("uid").GetString()));
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("sample").ValueKind);
        Assert.Equal("2026-03-05T08:40:00.000Z", runs[2].GetProperty("start").GetString());
    }

    [Fact]
    public async Task By_sample_lists_only_that_samples_runs()
    {
        var json = await CliRunner.RunAsync("catalog", Db, "by-sample", "PS", "--json");
        Assert.Equal([RunB, RunA], JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Select(r => r.GetProperty("uid").GetString()));
        var none = await CliRunner.RunAsync("catalog", Db, "by-sample", "PMMA", "--json");
        Assert.Equal(0, none.ExitCode);
        Assert.Equal(0, JsonDocument.Parse(none.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Show_prints_metadata_and_a_table_preview()
    {
        var text = await CliRunner.RunAsync("catalog", Db, "show", RunA);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("plan:        nexafs", text.Output);
        Assert.Contains("sample:      PS (C8H8) tags polymer, reference", text.Output);
        Assert.Matches(@"\n2\s+1772700002\s+281\.0\s+1010\.0", text.Output);

        var json = JsonDocument.Parse((await CliRunner.RunAsync("catalog", Db, "show", RunB, "--json")).Output).RootElement;
        Assert.Equal(3, json.GetProperty("images").GetProperty("detector_image").GetProperty("count").GetInt32());
        Assert.Equal([3, 3, 5], json.GetProperty("images").GetProperty("detector_image").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["seq_num", "time", "i"], json.GetProperty("table").GetProperty("columns").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2.0, json.GetProperty("table").GetProperty("rows")[2].GetProperty("i").GetDouble());
    }

    [Fact]
    public async Task Images_to_npz_read_back_with_numpy_equal_the_catalog_frames()
    {
        using var output = new TempDirectory();
        var run = await CliRunner.RunAsync("catalog", Db, "images", RunB, "-o", output.File("b.npz"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(output.File("b.npz"), run.Output.Trim());
        var check = Python.Run("""
            import sys, numpy as np
            d = np.load(sys.argv[1])
            im = d["images"]
            assert im.dtype == np.int32 and im.shape == (3, 3, 5), (im.dtype, im.shape)
            assert (im[0] == 0).all()
            assert (im[1] == np.arange(100, 115).reshape(3, 5)).all()
            assert (im[2] == np.arange(200, 215).reshape(3, 5)).all()
            assert list(d["seq_num"]) == [1, 2, 3]
            print("ok")
            """, output.File("b.npz"));
        Assert.Equal("ok", check.Trim());

        var one = await CliRunner.RunAsync("catalog", Db, "images", RunB, "--frame", "-1", "-o", output.File("last.npz"));
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("(3, 5) 214 [3]", Python.Run("""
            import sys, numpy as np
            d = np.load(sys.argv[1]); print(d["images"].shape, d["images"].max(), list(d["seq_num"]))
            """, output.File("last.npz")).Trim());
    }

    [Fact]
    public async Task Images_to_png_is_a_quick_look_with_the_summed_frames()
    {
        using var output = new TempDirectory();
        var run = await CliRunner.RunAsync("catalog", Db, "images", RunB, "-o", output.File("b.png"));
        Assert.Equal(0, run.ExitCode);
        var described = Python.Run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]).convert("RGB")
            print(im.size, len(set(im.getdata())) > 20)
            """, output.File("b.png"));
        Assert.Equal("(900, 800) True", described.Trim());
    }

    [Fact]
    public async Task Bad_catalogs_uids_and_fields_are_usage_errors_with_a_message()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("x.db"), "not sqlite at all, just text long enough to be read as a header page........");
        var notSqlite = await CliRunner.RunAsync("catalog", directory.File("x.db"), "recent");
        Assert.Equal(2, notSqlite.ExitCode);
        Assert.Contains("not a readable SQLite database", notSqlite.Error);

        var unknown = await CliRunner.RunAsync("catalog", Db, "show", "feedface");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no run with uid feedface", unknown.Error);

        var noImages = await CliRunner.RunAsync("catalog", Db, "images", RunA, "-o", directory.File("a.npz"));
        Assert.Equal(2, noImages.ExitCode);
        Assert.Contains("has no frames of 'detector_image' (image fields: none)", noImages.Error);
        Assert.False(File.Exists(directory.File("a.npz")));

        var badExtension = await CliRunner.RunAsync("catalog", Db, "images", RunB, "-o", directory.File("b.tif"));
        Assert.Equal(2, badExtension.ExitCode);
        Assert.Contains("give a .npz or .png", badExtension.Error);
    }
}
