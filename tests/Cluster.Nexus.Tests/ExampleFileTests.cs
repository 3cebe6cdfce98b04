using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Nexus.Tests;

public class ExampleFileTests
{
    public static TheoryData<string> Examples() => new(StxmExampleReference.Files);

    private static NexusGroup Tree(StxmScan scan) =>
        NxstxmBuilder.Build(scan, new NxstxmFileInfo("x.nxs", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_converts_and_its_values_equal_the_event_documents(string name)
    {
        var reference = StxmExampleReference.Read(name);
        var scan = StxmScanReader.Read(StxmExampleReference.PathOf(name));
        var root = Tree(scan);

        Assert.Equal(reference.Keys.Order(), scan.Entries.Select(e => e.Name));
        Assert.Equal(reference.Keys.Order(), root.Members.Select(m => m.Name));
        foreach (var (entryName, expected) in reference)
        {
            var entry = scan.Entries.Single(e => e.Name == entryName);
            Assert.Equal(expected.Shape, entry.Shape);
            Assert.False(entry.Aborted, $"{name}/{entryName} flagged aborted");
            var data = root.Array($"{entryName}/counter0/data");
            Assert.Equal(expected.Shape, data.Shape);
            TreePaths.SameValues(expected.Data, (double[])data.Data, $"{name}/{entryName}/counter0/data");
            TreePaths.SameValues(expected.Data, root.Doubles($"{entryName}/instrument/counter0/data"), $"{name}/{entryName}/instrument/counter0/data");
            TreePaths.SameValues(expected.Energies, root.Doubles($"{entryName}/counter0/energy"), $"{name}/{entryName}/counter0/energy");
            TreePaths.SameValues(expected.PointSampleX, root.Doubles($"{entryName}/instrument/sample_x/data"), $"{name}/{entryName}/instrument/sample_x/data");
            TreePaths.SameValues(expected.PointSampleY, root.Doubles($"{entryName}/instrument/sample_y/data"), $"{name}/{entryName}/instrument/sample_y/data");
            Assert.Equal(expected.RotationAngle, root.Doubles($"{entryName}/sample/rotation_angle")[0]);
            var nP = expected.Shape.Aggregate(1L, (p, n) => p * n);
            Assert.Equal(nP, root.Array($"{entryName}/instrument/monochromator/energy").Shape[0]);
            Assert.All(root.Doubles($"{entryName}/instrument/monochromator/energy"), e => Assert.Contains(e, expected.Energies));
        }
    }

    [Theory]
    [InlineData("DETECTOR_IMAGE", "detector image", new[] { "sample_y", "sample_x" })]
    [InlineData("OSA_IMAGE", "osa image", new[] { "sample_y", "sample_x" })]
    [InlineData("COARSE_GONI_SCAN", "sample image", new[] { "sample_y", "sample_x" })]
    [InlineData("GENERIC_SCAN", "generic scan", new[] { "sample_y", "sample_x" })]
    [InlineData("SAMPLE_IMAGE", "sample image", new[] { "sample_y", "sample_x" })]
    [InlineData("SAMPLE_IMAGE_STACK", "sample image stack", new[] { "energy", "sample_y", "sample_x" })]
    [InlineData("TOMOGRAPHY_SCAN", "sample image stack", new[] { "energy", "sample_y", "sample_x" })]
    [InlineData("SAMPLE_LINE_SPECTRA", "sample line spectrum", new[] { "energy", "line_position" })]
    [InlineData("SAMPLE_POINT_SPECTRA", "sample point spectrum", new[] { "energy" })]
    [InlineData("OSA_FOCUS", "osa focus", new[] { "zoneplate_z", "line_position" })]
    [InlineData("SAMPLE_FOCUS", "sample focus", new[] { "zoneplate_z", "line_position" })]
    public void Entries_follow_the_target_conventions(string name, string scanType, string[] axes)
    {
        var scan = StxmScanReader.Read(StxmExampleReference.PathOf(name));
        var root = Tree(scan);
        Assert.Equal("NXroot", root.NxClass);
        Assert.Equal(scan.Entries[0].Name, root.AttributeTexts("default").Single());
        foreach (var entry in root.Members.Cast<NexusGroup>())
        {
            Assert.Equal("NXentry", entry.NxClass);
            Assert.Equal(["NXstxm"], root.Texts($"{entry.Name}/definition"));
            Assert.Equal("counter0", entry.AttributeTexts("default").Single());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", root.Text($"{entry.Name}/start_time"));
            var data = root.Group($"{entry.Name}/counter0");
            Assert.Equal("NXdata", data.NxClass);
            Assert.Equal("data", data.AttributeTexts("signal").Single());
            Assert.IsType<NexusTextArray>(data.Attributes["axes"]);
            Assert.Equal(axes, data.AttributeTexts("axes"));
            for (var i = 0; i < axes.Length; i++)
                Assert.Equal(i, ((int[])((NexusArray)data.Attributes[$"{axes[i]}_indices"]!).Data)[0]);
            Assert.Equal(1, ((int[])((NexusArray)data.Find("data")!.Attributes["signal"]!).Data)[0]);
            Assert.Equal([scanType], root.Texts($"{entry.Name}/counter0/stxm_scan_type"));
            var signal = root.Array($"{entry.Name}/counter0/data");
            for (var i = 0; i < axes.Length; i++)
                Assert.Equal(signal.Shape[i], root.Array($"{entry.Name}/counter0/{axes[i]}").Shape[0]);
            Assert.DoesNotContain(1L, signal.Shape.Count == 3 ? [signal.Shape[0]] : Array.Empty<long>());
            Assert.Equal(signal.Shape, root.Array($"{entry.Name}/control/data").Shape);
            var nP = signal.Shape.Aggregate(1L, (p, n) => p * n);
            foreach (var flat in new[] { "instrument/monochromator/energy", "instrument/counter0/data", "instrument/sample_x/data", "instrument/sample_y/data" })
                Assert.Equal([nP], root.Array($"{entry.Name}/{flat}").Shape);
            foreach (var quantity in new[] { "counter0/energy", "counter0/sample_x", "counter0/count_time", "instrument/monochromator/energy", "sample/rotation_angle", "control/data" })
                Assert.NotNull(entry.Node(quantity).Attributes["units"]);
            Assert.Contains("\"scan_type\"", root.Text($"{entry.Name}/collection/scan_request"));
        }
    }

    [Fact]
    public void Entries_are_regions_times_polarizations_times_angles()
    {
        Assert.Equal(3, StxmScanReader.Read(StxmExampleReference.PathOf("SAMPLE_POINT_SPECTRA")).Entries.Count);
        var tomography = StxmScanReader.Read(StxmExampleReference.PathOf("TOMOGRAPHY_SCAN"));
        Assert.Equal([-2.0, 0.0, 2.0], tomography.Entries.Select(e => e.RotationAngle));
        Assert.All(tomography.Entries, e => Assert.Equal(2, e.RunUids.Count));
        var stack = StxmScanReader.Read(StxmExampleReference.PathOf("SAMPLE_IMAGE_STACK"));
        Assert.Equal([720.0, 735.2, 750.4], Assert.Single(stack.Entries).Energies);
    }

    [Fact]
    public void Declared_waveform_shapes_larger_than_the_events_are_tolerated_and_reported()
    {
        var scan = StxmScanReader.Read(StxmExampleReference.PathOf("SAMPLE_IMAGE"));
        Assert.Contains(scan.Notes, n => n.Contains("declares shape [54] but its events hold 50 values"));
    }

    [Fact]
    public void Both_readers_see_the_same_runs_in_a_suitcase_file()
    {
        var runs = BlueskyDocumentFile.Read(StxmExampleReference.PathOf("TOMOGRAPHY_SCAN"));
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.Equal("success", r.Stop!.ExitStatus));
        Assert.Equal(20, runs[0].Stream("primary")!.Events.Count);
    }
}
