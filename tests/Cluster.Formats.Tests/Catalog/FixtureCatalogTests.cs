using System.Text.Json;
using Cluster.Formats.Catalog;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests.Catalog;

/// <summary>Every value of the Resonance fixture's expected.json, read through the catalog API.</summary>
public sealed class FixtureCatalogTests
{
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";
    private const string RunC = "5eed0000000000000000000000000005";

    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("Resonance", "expected.json"))).RootElement;

    private static BeamtimeCatalog Open() => BeamtimeCatalog.Open(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"));

    private static string[] Strings(JsonElement list) => list.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Recent_lists_runs_newest_first()
    {
        using var catalog = Open();
        Assert.Equal(2, catalog.SchemaVersion);
        Assert.Equal(Strings(Expected.GetProperty("recent(10)_uids_newest_first")), catalog.Recent(10).Select(r => r.Uid));
        Assert.Equal([RunC], catalog.Recent(1).Select(r => r.Uid));
    }

    [Theory]
    [InlineData("PS")]
    [InlineData("PMMA")]
    [InlineData("nope")]
    public void By_sample_lists_that_samples_runs_newest_first(string sample)
    {
        using var catalog = Open();
        Assert.Equal(Strings(Expected.GetProperty($"by_sample('{sample}')")), catalog.BySample(sample).Select(r => r.Uid));
    }

    [Fact]
    public void Run_A_has_its_metadata_sample_and_scalar_table()
    {
        using var catalog = Open();
        var run = catalog[RunA];
        Assert.Equal(RunA, run.Uid);
        Assert.Equal("nexafs", run.PlanName);
        Assert.Equal(1772700000.0, run.TimeStart);
        Assert.Equal(1772700010.0, run.TimeStop);
        Assert.Equal("success", run.ExitStatus);
        Assert.Equal(3, run.NumEvents);
        Assert.Equal("C", run.Metadata.GetProperty("edge").GetString());
        var sample = Assert.IsType<CatalogSample>(run.Sample);
        Assert.Equal(("PS", "C8H8", "S1234", "slot-3"), (sample.Name, sample.Formula, sample.Serial, sample.BeamlinePosition));
        Assert.Equal(["polymer", "reference"], sample.Tags);
        Assert.Equal(100, sample.Extra.GetProperty("thickness_nm").GetInt32());

        var expected = Expected.GetProperty("run_A").GetProperty("table('primary')");
        var table = run.Table("primary");
        Assert.Equal(Strings(expected.GetProperty("columns")), table.Columns);
        Assert.Equal([1L, 2, 3], table.SeqNum);
        Assert.Equal([1772700001.0, 1772700002.0, 1772700003.0], table.Time);
        foreach (var column in new[] { "Energy", "I0" })
            Assert.Equal(expected.GetProperty(column).EnumerateArray().Select(v => v.GetDouble()), table.Numeric(column)!);
    }

    [Fact]
    public void Run_B_images_are_lazy_non_square_and_the_unstored_frame_is_the_fill_value()
    {
        var expected = Expected.GetProperty("run_B");
        var counting = new CountingZarrStore(new Formats.Zarr.DirectoryZarrStore(RepositoryPaths.Fixture("Resonance", "beamtime_example.zarr")));
        using var catalog = BeamtimeCatalog.Open(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"), counting);
        var images = catalog[RunB].Images("detector_image");
        Assert.Empty(counting.Keys);
        Assert.Equal(expected.GetProperty("images('detector_image').shape").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            new[] { images.Shape.Frames, images.Shape.Rows, images.Shape.Columns });
        Assert.Equal(3, images.Count);
        Assert.Equal("int32", images.DataType);
        Assert.Equal(["detector_image"], catalog[RunB].ImageFields());

        var frames = expected.GetProperty("frames").EnumerateArray().Select(f =>
            f.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetInt32()).ToArray()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            var frame = images[i];
            Assert.Equal([3L, 5], frame.Shape);
            Assert.Equal(frames[i], frame.As<int>());
        }
        Assert.Equal(frames[2], images[-1].As<int>());
        var range = images.Range(1, 2);
        Assert.Equal([2L, 3, 5], range.Shape);
        Assert.Equal(frames[1].Concat(frames[2]), range.As<int>());
        Assert.Equal(frames.SelectMany(f => f), images.SelectMany(f => f.As<int>()));

        // The chunks read are exactly the stored ones plus the one that is not stored (frame 0, read as zeros).
        var chunkKeys = counting.Keys.Where(k => k.Contains("/c/")).Distinct().Order().ToArray();
        Assert.Equal(Strings(expected.GetProperty("stored_chunks")).Append(expected.GetProperty("missing_chunk_reads_as_fill_value").GetString()!).Order(), chunkKeys);
        Assert.Throws<ArgumentOutOfRangeException>(() => images[3]);
    }

    [Fact]
    public void Run_C_has_no_sample_an_aborted_status_and_an_empty_table()
    {
        using var catalog = Open();
        var expected = Expected.GetProperty("run_C");
        var run = catalog[RunC];
        Assert.Equal(JsonValueKind.Null, expected.GetProperty("sample").ValueKind);
        Assert.Null(run.Sample);
        Assert.Equal(expected.GetProperty("exit_status").GetString(), run.ExitStatus);
        var table = run.Table("primary");
        Assert.Equal(Strings(expected.GetProperty("table('primary')_columns")), table.Columns);
        Assert.Equal(0, table.RowCount);
        Assert.Equal(0, run.Images().Count);
        Assert.Equal((0, 0, 0), run.Images().Shape);
    }

    [Fact]
    public void An_unknown_uid_is_a_key_error_naming_the_uid()
    {
        using var catalog = Open();
        Assert.Null(catalog.TryGetRun("feed"));
        Assert.Contains("no run with uid feed", Assert.Throws<KeyNotFoundException>(() => catalog["feed"]).Message);
    }

    [Fact]
    public void Find_filters_by_sample_plan_time_and_completion_oldest_first()
    {
        using var catalog = Open();
        Assert.Equal([RunA, RunB, RunC], catalog.Find(new CatalogRunFilter()).Select(r => r.Uid));
        Assert.Equal([RunA, RunB], catalog.Find(new CatalogRunFilter(Sample: "PS")).Select(r => r.Uid));
        Assert.Equal([RunB], catalog.Find(new CatalogRunFilter(Plan: "ccd_scan")).Select(r => r.Uid));
        Assert.Equal([RunB, RunC], catalog.Find(new CatalogRunFilter(Since: DateTimeOffset.FromUnixTimeSeconds(1772700100))).Select(r => r.Uid));
        Assert.Equal([RunA, RunB, RunC], catalog.Find(new CatalogRunFilter(FinishedOnly: true)).Select(r => r.Uid));
    }
}
