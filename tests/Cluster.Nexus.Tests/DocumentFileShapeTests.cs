using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Nexus.Tests;

/// <summary>
/// A beamline's existing document files convert without rewrapping, whichever of the three shapes pyStxm and
/// suitcase-nxstxm wrote: the suitcase example files (runs JSON-encoded as one JSON string, in ../shared), older pyStxm
/// example files (the same object of runs, plain) and JSON Lines. No real file of the last two shapes is in ../shared,
/// so Debian's python3 writes them from each real example with the json module.
/// </summary>
public class DocumentFileShapeTests
{
    private const string Reshape = """
import json, sys
runs = json.loads(json.load(open(sys.argv[1])))
with open(sys.argv[2], 'w') as f:
    json.dump(runs, f, indent=1)
with open(sys.argv[3], 'w') as f:
    for docs in runs.values():
        for name, doc in docs:
            f.write(json.dumps([name, doc]) + '\n')
print(len(runs))
""";

    public static TheoryData<string> Examples() => new(StxmExampleReference.Files);

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_plain_object_and_json_lines_shapes_of_an_example_give_the_same_scan_as_the_encoded_string(string name)
    {
        using var dir = new TempDirectory();
        var encoded = StxmExampleReference.PathOf(name);
        var plain = dir.File(name + ".json");
        var lines = dir.File(name + ".jsonl");
        var runCount = int.Parse(Python.Run(Reshape, encoded, plain, lines).Trim());
        Assert.Equal('{', (char)File.ReadAllBytes(plain)[0]);

        var expected = StxmScanReader.Read(encoded);
        foreach (var path in new[] { plain, lines })
        {
            var runs = BlueskyDocumentFile.Read(path);
            Assert.Equal(runCount, runs.Count);
            var scan = StxmScanReader.Interpret(runs);
            Assert.Equal(expected.Type, scan.Type);
            Assert.Equal(expected.Entries.Select(e => e.Name), scan.Entries.Select(e => e.Name));
            foreach (var (want, got) in expected.Entries.Zip(scan.Entries))
            {
                Assert.Equal(want.Shape, got.Shape);
                Assert.Equal(want.Data, got.Data);
                Assert.Equal(want.Energies, got.Energies);
                Assert.Equal(want.PointSampleX, got.PointSampleX);
                Assert.Equal(want.PointRingCurrent, got.PointRingCurrent);
                Assert.Equal(want.RunUids, got.RunUids);
                Assert.Equal(want.Aborted, got.Aborted);
            }
        }
        // And against the independent reader of the encoded example (the counts of every entry).
        foreach (var (entry, reference) in StxmExampleReference.Read(name))
            TreePaths.SameValues(reference.Data, StxmScanReader.Read(plain).Entries.Single(e => e.Name == entry).Data, $"{name} (plain object)/{entry}");
    }

    [Fact]
    public void A_plain_object_whose_run_is_not_a_list_of_pairs_is_reported_with_the_file_and_run()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.json");
        File.WriteAllText(path, """{"5f0c": [["start", {"uid": "5f0c", "time": 1.0}], ["event"]]}""");

        var error = Assert.Throws<BlueskyFormatException>(() => BlueskyDocumentFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("5f0c", error.Message);
        Assert.Contains("document 2 is not a [name, document] pair", error.Message);
    }

    [Fact]
    public void A_json_value_of_another_kind_is_rejected_naming_the_shapes_that_are_read()
    {
        using var dir = new TempDirectory();
        var path = dir.File("number.json");
        File.WriteAllText(path, "42");

        var error = Assert.Throws<BlueskyFormatException>(() => BlueskyDocumentFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("an object of runs", error.Message);
    }
}
