using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Nexus.Tests;

/// <summary>Broken document streams give an error naming the file, the run (when known) and the problem.</summary>
public class CorruptInputTests
{
    private static string[] Lines(string path) => File.ReadAllLines(path);

    private static string SyntheticLines(TempDirectory dir, string name = "scan.jsonl")
    {
        var path = dir.File(name);
        SyntheticStxmScan.WriteJsonLines(path, [700.0, 710.0], 4, 3, [0.0]);
        return path;
    }

    private static T Throws<T>(string path) where T : Exception =>
        Assert.Throws<T>(() => StxmScanReader.Read(path));

    [Fact]
    public void Missing_start_document_is_named()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path);
        File.WriteAllLines(path, lines.Where(l => !l.StartsWith("[\"start\"")));
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains(path, e.Message);
        Assert.Contains("line 1", e.Message);
        Assert.Contains("no start document", e.Message);
        Assert.NotNull(e.RunUid);
    }

    [Fact]
    public void Event_before_its_descriptor_is_named()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        var descriptor = lines.FindIndex(l => l.StartsWith("[\"descriptor\""));
        var ev = lines.FindIndex(l => l.StartsWith("[\"event\""));
        (lines[descriptor], lines[ev]) = (lines[ev], lines[descriptor]);
        File.WriteAllLines(path, lines);
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains($"line {descriptor + 1}", e.Message);
        Assert.Contains("event before its descriptor", e.Message);
    }

    [Fact]
    public void Event_after_the_stop_document_is_named_with_its_line()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        var stop = lines.FindLastIndex(l => l.StartsWith("[\"stop\""));
        var lastEvent = lines.FindLastIndex(l => l.StartsWith("[\"event\""));
        Assert.True(lastEvent < stop);
        (lines[lastEvent], lines[stop]) = (lines[stop], lines[lastEvent]);
        File.WriteAllLines(path, lines);

        var e = Throws<BlueskyFormatException>(path);

        Assert.StartsWith(path, e.Message);
        Assert.Contains($"(line {stop + 1}): run {e.RunUid}: event after the run's stop document", e.Message);
    }

    [Fact]
    public void Events_swapped_in_the_file_land_at_their_seq_num()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var expected = StxmScanReader.Read(path).Entries[0].Data;
        var lines = Lines(path).ToList();
        var first = lines.FindIndex(l => l.StartsWith("[\"event\""));
        (lines[first], lines[first + 1]) = (lines[first + 1], lines[first]);
        File.WriteAllLines(path, lines);

        var swapped = StxmScanReader.Read(path).Entries[0].Data;

        Assert.Equal(expected, swapped);
    }

    [Fact]
    public void Waveform_longer_than_declared_is_a_shape_mismatch()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        var ev = lines.FindIndex(l => l.Contains(SyntheticStxmScan.DetectorKey + "\":["));
        lines[ev] = lines[ev].Replace(SyntheticStxmScan.DetectorKey + "\":[", SyntheticStxmScan.DetectorKey + "\":[1,2,");
        File.WriteAllLines(path, lines);
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains("shape mismatch", e.Message);
        Assert.Contains("holds 6 values, more than the declared shape [4]", e.Message);
        Assert.NotNull(e.RunUid);
        Assert.Contains(e.RunUid!, e.Message);
    }

    [Fact]
    public void Images_that_do_not_fit_the_scan_are_a_shape_mismatch()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        var ev = lines.FindLastIndex(l => l.Contains(SyntheticStxmScan.DetectorKey + "\":["));
        lines.Insert(ev + 1, lines[ev].Replace("\"uid\":\"", "\"uid\":\"x"));
        File.WriteAllLines(path, lines);
        var e = Throws<StxmScanException>(path);
        Assert.Contains("shape mismatch: 16 detector values for a scan of 3 x 4 points per image (12)", e.Message);
        Assert.Contains(path, e.Message);
        Assert.NotNull(e.RunUid);
    }

    [Fact]
    public void Truncated_json_lines_file_names_the_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains($"line {Lines(path).Length}", e.Message);
        Assert.Contains("truncated file", e.Message);
    }

    [Fact]
    public void Truncated_example_file_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cut.json");
        var bytes = File.ReadAllBytes(StxmExampleReference.PathOf("OSA_IMAGE"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void Unknown_scan_type_is_refused()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\\u0022scan_type\\u0022:7", "\\u0022scan_type\\u0022:42"));
        var e = Throws<StxmScanException>(path);
        Assert.Contains("unknown scan type 42", e.Message);
        Assert.NotNull(e.RunUid);
    }

    [Fact]
    public void Duplicate_uids_are_refused()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        var ev = lines.FindIndex(l => l.Contains(SyntheticStxmScan.DetectorKey + "\":["));
        lines.Insert(ev + 1, lines[ev]);
        File.WriteAllLines(path, lines);
        Assert.Contains("duplicate uid", Throws<BlueskyFormatException>(path).Message);
    }

    [Fact]
    public void External_data_documents_are_reported_as_unsupported()
    {
        using var dir = new TempDirectory();
        var path = SyntheticLines(dir);
        var lines = Lines(path).ToList();
        lines.Insert(1, "[\"resource\", {\"uid\": \"r1\", \"spec\": \"AD_HDF5\", \"run_start\": \"x\"}]");
        File.WriteAllLines(path, lines);
        var e = Throws<BlueskyFormatException>(path);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("'resource' documents", e.Message);
        Assert.Contains("not supported", e.Message);
    }
}
