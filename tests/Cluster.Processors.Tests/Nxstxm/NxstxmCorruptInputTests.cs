using Cluster.Nexus.Bluesky;
using Cluster.Nexus.Stxm;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>
/// A scan that cannot be converted: the error names the file, the run and the problem; <c>&lt;stem&gt;.err</c> says the
/// same; nothing appears under the final name and no temporary file is left.
/// </summary>
public class NxstxmCorruptInputTests
{
    public static TheoryData<string> Corruptions() => new(["no start", "event before descriptor", "shape mismatch", "truncated", "unknown scan type"]);

    private static (string Expected, bool RunKnown) Corrupt(string path, string corruption)
    {
        var lines = File.ReadAllLines(path).ToList();
        switch (corruption)
        {
            case "no start":
                File.WriteAllLines(path, lines.Where(l => !l.StartsWith("[\"start\"")));
                return ("no start document", true);
            case "event before descriptor":
                var descriptor = lines.FindIndex(l => l.StartsWith("[\"descriptor\""));
                var ev = lines.FindIndex(l => l.StartsWith("[\"event\""));
                (lines[descriptor], lines[ev]) = (lines[ev], lines[descriptor]);
                File.WriteAllLines(path, lines);
                return ("event before its descriptor", false);
            case "shape mismatch":
                var waveform = lines.FindIndex(l => l.Contains(SyntheticStxmScan.DetectorKey + "\":["));
                lines[waveform] = lines[waveform].Replace(SyntheticStxmScan.DetectorKey + "\":[", SyntheticStxmScan.DetectorKey + "\":[1,2,");
                File.WriteAllLines(path, lines);
                return ("shape mismatch", true);
            case "truncated":
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length - 40)]);
                return ("truncated file", false);
            case "unknown scan type":
                File.WriteAllText(path, File.ReadAllText(path).Replace("\\u0022scan_type\\u0022:7", "\\u0022scan_type\\u0022:42"));
                return ("unknown scan type 42", true);
            default:
                throw new ArgumentOutOfRangeException(nameof(corruption));
        }
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Corrupt_scan_fails_with_a_clear_error_and_an_err_file_and_nothing_under_the_final_name(string corruption)
    {
        using var dir = new TempDirectory();
        var input = dir.File("scan.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0, 710.0], 4, 3, [0.0]);
        var (expected, runKnown) = Corrupt(input, corruption);
        var output = Path.Combine(dir.Path, "out");

        var error = Assert.ThrowsAny<FormatException>(() => NxstxmRuns.Convert(input, output));

        Assert.Contains(input, error.Message);
        Assert.Contains(expected, error.Message);
        var runUid = error switch { BlueskyFormatException b => b.RunUid, StxmScanException s => s.RunUid, _ => null };
        if (runKnown)
        {
            Assert.NotNull(runUid);
            Assert.Contains($"run {runUid}", error.Message);
        }
        Assert.Equal(["scan.err"], NxstxmRuns.Files(output));
        var text = File.ReadAllText(Path.Combine(output, "scan.err"));
        Assert.Contains($"input: {input}", text);
        Assert.Contains($"run: {runUid ?? "(not known)"}", text);
        Assert.Contains("problem: ", text);
        Assert.Contains(expected, text);
    }

    [Fact]
    public void A_successful_conversion_replaces_the_err_file_of_an_earlier_failure()
    {
        using var dir = new TempDirectory();
        var input = dir.File("scan.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0, 710.0], 4, 3, [0.0]);
        var good = File.ReadAllBytes(input);
        Corrupt(input, "truncated");
        Assert.ThrowsAny<FormatException>(() => NxstxmRuns.Convert(input, dir.Path));
        Assert.True(File.Exists(dir.File("scan.err")));

        File.WriteAllBytes(input, good);
        NxstxmRuns.Convert(input, dir.Path);

        Assert.Equal(["scan.hdf5", "scan.jsonl", "scan.png"], NxstxmRuns.Files(dir.Path));
    }

    [Fact]
    public void A_failed_conversion_removes_an_earlier_output_of_the_same_scan()
    {
        using var dir = new TempDirectory();
        var input = dir.File("scan.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0, 710.0], 4, 3, [0.0]);
        var output = Path.Combine(dir.Path, "out");
        NxstxmRuns.Convert(input, output, new() { QuickLook = false });
        Corrupt(input, "unknown scan type");

        Assert.ThrowsAny<FormatException>(() => NxstxmRuns.Convert(input, output, new() { QuickLook = false }));

        Assert.Equal(["scan.err"], NxstxmRuns.Files(output));
    }
}
