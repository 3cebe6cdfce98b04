using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Nexus.Tests;

public class SyntheticScanTests
{
    private static readonly double[] Energies = [700.0, 705.5, 711.0];

    [Fact]
    public void Stack_with_two_polarizations_makes_one_stack_entry_per_polarization()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stack.jsonl");
        SyntheticStxmScan.WriteJsonLines(path, Energies, 5, 4, [-1.0, 1.0]);

        var scan = StxmScanReader.Read(path);

        Assert.Equal(["entry0", "entry1"], scan.Entries.Select(e => e.Name));
        for (var p = 0; p < 2; p++)
        {
            var entry = scan.Entries[p];
            Assert.Equal([3L, 4, 5], entry.Shape);
            Assert.Equal(StxmLayout.Stack, entry.Layout);
            Assert.Equal(Energies, entry.Energies);
            Assert.Equal(p == 0 ? -1.0 : 1.0, entry.Polarization);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => SyntheticStxmScan.X(i, 5)), entry.SampleX);
            for (var e = 0; e < 3; e++)
                for (var j = 0; j < 4; j++)
                    for (var i = 0; i < 5; i++)
                        Assert.Equal(SyntheticStxmScan.Counts(e, p, j, i), entry.Data[(e * 4 + j) * 5 + i]);
            Assert.Equal(Energies.SelectMany(e => Enumerable.Repeat(e, 20)), entry.PointEnergy);
            Assert.False(entry.Aborted);
        }
        // the first run of each polarization reads the ring current at start and end; a straight line between them
        Assert.Equal(SyntheticStxmScan.RingCurrent(0, 0), scan.Entries[0].PointRingCurrent[0]);
        Assert.Equal(SyntheticStxmScan.RingCurrent(0, 1), scan.Entries[0].PointRingCurrent[19], 12);
    }

    [Fact]
    public void Aborted_scan_is_padded_with_nan_and_flagged()
    {
        using var dir = new TempDirectory();
        var path = dir.File("aborted.jsonl");
        SyntheticStxmScan.WriteJsonLines(path, Energies, 5, 4, [0.0], stopAfterLines: 6);

        var scan = StxmScanReader.Read(path);
        var entry = Assert.Single(scan.Entries);

        Assert.True(entry.Aborted);
        Assert.Equal(60, entry.DeclaredPoints);
        Assert.Equal(30, entry.RecordedPoints);
        Assert.Equal(SyntheticStxmScan.Counts(1, 0, 1, 4), entry.Data[29]);
        Assert.All(entry.Data[30..], v => Assert.True(double.IsNaN(v)));
        Assert.All(entry.PointEnergy[30..], v => Assert.True(double.IsNaN(v)));
        Assert.Contains(scan.Notes, n => n.Contains("scan aborted after 30 of 60 points"));
        Assert.Contains(scan.Notes, n => n.Contains("exit_status 'abort'"));

        var root = NxstxmBuilder.Build(scan, new NxstxmFileInfo("aborted.nxs", DateTimeOffset.UnixEpoch));
        Assert.Equal([(byte)1], (byte[])root.Array("entry0/scan_aborted").Data);
        Assert.Contains("30 of 60 points", root.Text("entry0/notes/description"));
        Assert.Equal([3L, 4, 5], root.Array("entry0/counter0/data").Shape);
    }

    [Fact]
    public void Json_lines_round_trip_keeps_every_document()
    {
        using var dir = new TempDirectory();
        var original = BlueskyDocumentFile.Read(StxmExampleReference.PathOf("SAMPLE_IMAGE_STACK"));
        var path = dir.File("stack.jsonl");
        using (var stream = File.Create(path))
        using (var writer = new BlueskyJsonLinesWriter(stream))
            foreach (var run in original) writer.Write(run);

        var back = BlueskyDocumentFile.Read(path);

        Assert.Equal(original.Select(r => r.Uid), back.Select(r => r.Uid));
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i].Events.Select(e => e.Uid), back[i].Events.Select(e => e.Uid));
            Assert.All(original[i].Events.Zip(back[i].Events), pair => Assert.True(System.Text.Json.JsonElement.DeepEquals(pair.First.Data, pair.Second.Data)));
            Assert.Equal(original[i].Stop!.ExitStatus, back[i].Stop!.ExitStatus);
            Assert.True(System.Text.Json.JsonElement.DeepEquals(original[i].Start.Raw, back[i].Start.Raw));
        }
        var a = StxmScanReader.Interpret(original).Entries.Single();
        var b = StxmScanReader.Interpret(back).Entries.Single();
        Assert.Equal(a.Data, b.Data);
        Assert.Equal(a.Energies, b.Energies);
    }

    [Fact]
    public void Event_pages_are_unpacked_into_events()
    {
        using var dir = new TempDirectory();
        var path = dir.File("page.jsonl");
        File.WriteAllLines(path,
        [
            """["start", {"uid": "s1", "time": 1.0}]""",
            """["descriptor", {"uid": "d1", "run_start": "s1", "name": "primary", "data_keys": {"det": {"dtype": "number", "shape": []}}}]""",
            """["event_page", {"descriptor": "d1", "uid": ["e1", "e2"], "seq_num": [1, 2], "time": [2.0, 3.0], "data": {"det": [5, 7]}, "timestamps": {"det": [2.0, 3.0]}, "filled": {}}]""",
            """["stop", {"uid": "t1", "run_start": "s1", "time": 4.0, "exit_status": "success", "num_events": {"primary": 2}}]""",
        ]);
        var run = Assert.Single(BlueskyDocumentFile.Read(path));
        Assert.Equal([5.0, 7.0], run.Stream("primary")!.Scalars("det"));
        Assert.Equal(["e1", "e2"], run.Events.Select(e => e.Uid));
    }
}
