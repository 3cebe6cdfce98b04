using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>
/// SigMF recordings written by an independent Python writer (reference/sigmf_writer.py, from the SigMF 1.x spec):
/// every core datatype, channels, captures with header bytes, core:offset, archives, checksums and overrides.
/// </summary>
public sealed class SigMfReaderTests
{
    private static NumpyReference Write(TempDirectory dir, object testCase) =>
        NumpyReference.Run(dir, "sigmf_writer.py", dir.Path, JsonSerializer.Serialize(testCase));

    private static string PathOf(NumpyReference reference) => reference.Json.GetProperty("path").GetString()!;

    public static TheoryData<string> Datatypes()
    {
        var data = new TheoryData<string>();
        foreach (var kind in new[] { "c", "r" })
        {
            foreach (var type in new[] { "f64", "f32", "i32", "i16", "u32", "u16" })
            {
                data.Add($"{kind}{type}_le");
                data.Add($"{kind}{type}_be");
            }
            data.Add($"{kind}i8");
            data.Add($"{kind}u8");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Datatypes))]
    public void Every_datatype_decodes_like_numpy(string datatype)
    {
        using var dir = new TempDirectory();
        var reference = Write(dir, new { datatype });
        using var recording = IqFile.Open(PathOf(reference));
        Assert.Equal($"sigmf {datatype}", recording.Format);
        Assert.Equal(1e6, recording.SampleRate);
        Assert.Equal(433.92e6, recording.CenterFrequency);
        Assert.Equal(datatype[0] == 'r', recording.IsReal);
        reference.AssertMatches(recording);
    }

    [Theory]
    [InlineData("ci16_le", 3, 2)]
    [InlineData("ri8", 2, 1)]
    [InlineData("cf32_be", 4, 0)]
    public void A_channel_of_a_multi_channel_recording(string datatype, int channels, int channel)
    {
        using var dir = new TempDirectory();
        var reference = Write(dir, new { datatype, num_channels = channels, channel });
        using var recording = IqFile.Open(PathOf(reference), new IqOpenOptions { Channel = channel });
        Assert.Equal($"channel {channel} of {channels}", recording.ChannelLabel);
        reference.AssertMatches(recording);

        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(PathOf(reference), new IqOpenOptions { Channel = channels }).Dispose());
        Assert.Contains($"channel {channels} requested but the recording holds {channels} channel(s)", error.Message);
    }

    [Fact]
    public void Captures_with_header_bytes_and_an_offset()
    {
        using var dir = new TempDirectory();
        var captures = new object[]
        {
            new { sample_start = 0, frequency = 100e6, header_bytes = 16 },
            new { sample_start = 1000, frequency = 101e6, header_bytes = 32 },
            new { sample_start = 3000, frequency = 100e6, header_bytes = 0 },
        };
        var reference = Write(dir, new { datatype = "cf32_le", offset = 500, captures });
        using var recording = IqFile.Open(PathOf(reference));
        Assert.Equal(100e6, recording.CenterFrequency);
        var sigmf = Assert.IsType<SigMfRecording>(recording);
        Assert.Equal([500L, 1500L, 3500L], sigmf.Captures.Select(c => c.SampleStart));
        Assert.Contains(recording.Notes, n => n.Contains("3 captures") && n.Contains("differ in frequency"));
        reference.AssertMatches(recording);
    }

    [Fact]
    public void Archive_is_read_in_place_and_data_file_names_the_pair()
    {
        using var dir = new TempDirectory();
        var archived = Write(dir, new { datatype = "cu8", archive = true, name = "hackrf" });
        Assert.EndsWith("hackrf.sigmf", PathOf(archived));
        using (var recording = IqFile.Open(PathOf(archived)))
        {
            Assert.Equal(PathOf(archived), ((StoredIqRecording)recording).DataPath);
            archived.AssertMatches(recording);
        }
        Assert.Single(Directory.GetFiles(dir.Path, "hackrf*"));

        var pair = Write(dir, new { datatype = "ci8", name = "pair" });
        using var byData = IqFile.Open(Path.ChangeExtension(PathOf(pair), ".sigmf-data"));
        pair.AssertMatches(byData);
        Assert.Equal(PathOf(pair), IqFile.PrimaryOf(Path.ChangeExtension(PathOf(pair), ".sigmf-data")));
    }

    [Fact]
    public void Sha512_is_checked_and_a_mismatch_is_an_error_unless_waived()
    {
        using var dir = new TempDirectory();
        var good = Write(dir, new { datatype = "ci16_le", sha512 = "good", name = "good" });
        using (var recording = IqFile.Open(PathOf(good)))
            Assert.Contains("core:sha512 matches the dataset", recording.Notes);

        var bad = Write(dir, new { datatype = "ci16_le", sha512 = "bad", name = "bad" });
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(PathOf(bad)).Dispose());
        Assert.Equal(PathOf(bad), error.Path);
        Assert.Contains("global.core:sha512 does not match the dataset", error.Message);
        Assert.Contains("verify_sha512: false", error.Message);
        using var waived = IqFile.Open(PathOf(bad), new IqOpenOptions { VerifySha512 = false });
        Assert.Contains(waived.Notes, n => n.StartsWith("warning: global.core:sha512 does not match"));
        bad.AssertMatches(waived);
    }

    [Fact]
    public void Sample_rate_and_centre_options_supply_or_override_and_say_so()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir, new { datatype = "ci16_le", sample_rate = false });
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(PathOf(reference)).Dispose());
        Assert.Contains("the file records no sample rate (global.core:sample_rate): give it with --sample-rate", error.Message);

        using var supplied = IqFile.Open(PathOf(reference), new IqOpenOptions { SampleRate = 2e6, CenterFrequency = 1e9 });
        Assert.Equal(2e6, supplied.SampleRate);
        Assert.Equal(1e9, supplied.CenterFrequency);
        Assert.Contains("sample rate 2000000 Hz given (the file records none)", supplied.Notes);
        Assert.Contains(supplied.Notes, n => n.Contains("centre frequency 1000000000 Hz given, overriding the file's 433920000 Hz"));
    }

    [Fact]
    public void Frequency_in_global_is_accepted_with_a_note()
    {
        using var dir = new TempDirectory();
        var reference = Write(dir, new { datatype = "cf32_le", global_frequency = true });
        using var recording = IqFile.Open(PathOf(reference));
        Assert.Equal(433.92e6, recording.CenterFrequency);
        Assert.Contains(recording.Notes, n => n.Contains("core:frequency is in global"));
    }

    [Fact]
    public void Truncated_dataset_and_lying_metadata_are_clear_errors()
    {
        using var dir = new TempDirectory();
        var truncated = Write(dir, new { datatype = "ci16_le", truncate = 1, name = "short" });
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(PathOf(truncated)).Dispose());
        Assert.Contains("dataset length 16383 bytes is not a whole number of ci16_le samples", error.Message);

        var meta = dir.File("lie.sigmf-meta");
        File.WriteAllBytes(dir.File("lie.sigmf-data"), new byte[64]);
        void Lie(string json, string problem)
        {
            File.WriteAllText(meta, json);
            var e = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(meta).Dispose());
            Assert.Equal(meta, e.Path);
            Assert.Contains(problem, e.Message);
        }
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": "fast"}}""", "global.core:sample_rate must be a number");
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": 1e6, "core:num_channels": 0}}""", "global.core:num_channels must be at least 1");
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": 1e6}, "captures": [{"core:sample_start": 8}, {"core:sample_start": 4}]}""",
            "captures[1].core:sample_start 4 is before the previous capture's 8");
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": 1e6}, "captures": [{"core:sample_start": 0, "core:header_bytes": 100}]}""",
            "captures[0] leaves -36 bytes after its header");
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": 1e6, "core:dataset": "../../etc/passwd"}}""",
            "global.core:dataset must be a file name beside the metadata");
        Lie("""{"global": {"core:datatype": "ci16_le", "core:sample_rate": 1e6}""", "SigMF metadata is not valid JSON");
    }
}
