using Cluster.Formats.Catalog;
using Cluster.Nexus;
using Cluster.Processors.CatalogExport;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.CatalogExport;

/// <summary>The NeXus tree of catalog runs, checked node by node before any HDF5 is written.</summary>
public class CatalogExportTreeTests
{
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";

    private static NexusGroup Tree(string uid)
    {
        using var catalog = BeamtimeCatalog.Open(RepositoryPaths.Fixture("Resonance", "beamtime_example.db"));
        var run = catalog[uid];
        var stacks = run.ImageFields().Select(f => run.Images(f)).ToList();
        return CatalogNexusTree.Build(run, run.Table(), stacks);
    }

    private static T At<T>(NexusGroup group, string path) where T : NexusNode
    {
        NexusNode node = group;
        foreach (var part in path.Split('/'))
            node = ((NexusGroup)node).Find(part) ?? throw new KeyNotFoundException($"{path}: no {part}");
        return Assert.IsType<T>(node);
    }

    private static NexusArray Array(NexusGroup root, string path) => Assert.IsType<NexusArray>(At<NexusField>(root, path).Value);
    private static string Text(NexusGroup root, string path) => Assert.IsType<NexusText>(At<NexusField>(root, path).Value).Value;

    [Fact]
    public void Image_run_has_an_nxdata_stack_equal_to_the_catalog_frames_and_its_sample()
    {
        var root = Tree(RunB);
        Assert.Equal("NXroot", root.NxClass);
        var entry = At<NexusGroup>(root, "entry");
        Assert.Equal("NXentry", entry.NxClass);
        Assert.Equal(RunB, Text(root, "entry/entry_identifier"));
        Assert.Equal("ccd_scan", Text(root, "entry/plan_name"));
        Assert.Equal("2026-03-05T08:41:40.000000Z", Text(root, "entry/start_time"));
        Assert.Equal("2026-03-05T08:41:50.000000Z", Text(root, "entry/end_time"));
        Assert.Equal("success", Text(root, "entry/exit_status"));

        var data = At<NexusGroup>(root, "entry/data");
        Assert.Equal("NXdata", data.NxClass);
        Assert.Equal(new NexusText("detector_image"), data.Attributes["signal"]);
        var stack = Array(root, "entry/data/detector_image");
        Assert.Equal([3L, 3, 5], stack.Shape);
        var expected = new int[45];
        for (var i = 15; i < 45; i++) expected[i] = (i < 30 ? 100 : 200) + i % 15;
        Assert.Equal(expected, Assert.IsType<int[]>(stack.Data));
        Assert.Equal([1L, 3, 5], At<NexusField>(root, "entry/data/detector_image").Storage!.ChunkShape);
        Assert.Equal([1L, 2, 3], Assert.IsType<long[]>(Array(root, "entry/data/seq_num").Data));

        Assert.Equal("NXsample", At<NexusGroup>(root, "entry/sample").NxClass);
        Assert.Equal("PS", Text(root, "entry/sample/name"));
        Assert.Equal("C8H8", Text(root, "entry/sample/chemical_formula"));
        Assert.Equal(["polymer", "reference"], Assert.IsType<NexusTextArray>(At<NexusField>(root, "entry/sample/tags").Value).Values);
        Assert.Equal([100.0], Assert.IsType<double[]>(Array(root, "entry/sample/extra/thickness_nm").Data));

        var primary = At<NexusGroup>(root, "entry/primary");
        Assert.Equal("NXcollection", primary.NxClass);
        Assert.Equal([0.0, 1.0, 2.0], Assert.IsType<double[]>(Array(root, "entry/primary/i").Data));
        Assert.Equal([1772700101.0, 1772700102.0, 1772700103.0], Assert.IsType<double[]>(Array(root, "entry/primary/time").Data));
    }

    [Fact]
    public void Scalar_run_plots_its_first_numeric_column_and_keeps_its_metadata()
    {
        var root = Tree(RunA);
        Assert.Equal([280.0, 281.0, 282.0], Assert.IsType<double[]>(Array(root, "entry/primary/Energy").Data));
        Assert.Equal([1000.0, 1010.0, 1020.0], Assert.IsType<double[]>(Array(root, "entry/primary/I0").Data));
        Assert.Equal([1L, 2, 3], Assert.IsType<long[]>(Array(root, "entry/primary/seq_num").Data));
        var data = At<NexusGroup>(root, "entry/data");
        Assert.Equal(new NexusText("Energy"), data.Attributes["signal"]);
        Assert.Equal("/entry/primary/Energy", At<NexusLink>(root, "entry/data/Energy").Target);
        Assert.Equal("C", Text(root, "entry/metadata/edge"));
    }

    [Fact]
    public async Task A_run_without_events_or_images_is_no_data()
    {
        using var output = new TempDirectory();
        var result = await new CatalogExportProcessor().ProcessAsync(
            new Core.Processing.WorkInput("5eed0000000000000000000000000005", RepositoryPaths.Fixture("Resonance", "beamtime_example.db")),
            new CatalogExportParameters(), new Core.Processing.ProcessorContext(output.Path, output.Path), CancellationToken.None);
        Assert.Equal(Core.Processing.ItemOutcome.NoData, result.Outcome);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public async Task An_unknown_uid_or_field_is_an_error_naming_it()
    {
        using var output = new TempDirectory();
        var db = RepositoryPaths.Fixture("Resonance", "beamtime_example.db");
        var processor = new CatalogExportProcessor();
        var context = new Core.Processing.ProcessorContext(output.Path, output.Path);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() =>
            processor.ProcessAsync(new Core.Processing.WorkInput("feed", db), new CatalogExportParameters(), context, CancellationToken.None));
        Assert.Contains("no run with uid feed", unknown.Message);
        var field = await Assert.ThrowsAsync<ArgumentException>(() =>
            processor.ProcessAsync(new Core.Processing.WorkInput(RunB, db), new CatalogExportParameters { Fields = ["pilatus"] }, context, CancellationToken.None));
        Assert.Contains("has no frames of pilatus (image fields: detector_image)", field.Message);
    }
}
