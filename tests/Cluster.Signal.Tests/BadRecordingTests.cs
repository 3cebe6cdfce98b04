using System.Text;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>Truncated, lying and corrupt copies of the real recordings end as errors naming the file and the field.</summary>
public sealed class BadRecordingTests
{
    private static string Copy(TempDirectory dir, string fixture, string? name = null)
    {
        var path = dir.File(name ?? Path.GetFileName(fixture));
        File.Copy(RepositoryPaths.Fixture(["iq-formats", .. fixture.Split('/')]), path);
        return path;
    }

    private static void Cut(string path, int bytes)
    {
        using var file = File.OpenWrite(path);
        file.SetLength(file.Length - bytes);
    }

    private static void Patch(string path, long offset, params byte[] bytes)
    {
        using var file = File.OpenWrite(path);
        file.Position = offset;
        file.Write(bytes);
    }

    private static void AssertInvalid(string path, string problem, IqOpenOptions? options = null)
    {
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(path, options).Dispose());
        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message);
    }

    /// <summary>Rewrites the XML member of an IQ-TAR with Python's tarfile, replacing one text with another.</summary>
    private static void RewriteIqTarXml(string path, string from, string to) => Python.Run("""
        import io, sys, tarfile
        path, old, new = sys.argv[1], sys.argv[2], sys.argv[3]
        with tarfile.open(path) as tar:
            members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
        with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
            for m, content in members:
                if m.name.endswith(".xml"):
                    assert old.encode() in content, old
                    content = content.replace(old.encode(), new.encode())
                m.size = len(content)
                tar.addfile(m, io.BytesIO(content))
        """, path, from, to);

    [Fact]
    public void Iq_tar()
    {
        using var dir = new TempDirectory();
        var cut = Copy(dir, "iqtar/zapisano_vsa-edge_001.iq.tar", "cut.iq.tar");
        Cut(cut, 5000);
        AssertInvalid(cut, "tar member 'vsa-edge_001.complex.1ch.float32' (2050312 bytes from byte 163328) runs past the end of the archive: truncated?");

        var corrupt = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "corrupt.iq.tar");
        Patch(corrupt, 3, (byte)'X');
        AssertInvalid(corrupt, "tar header at byte 0: checksum");

        var lying = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "lying.iq.tar");
        RewriteIqTarXml(lying, "<Samples>1001</Samples>", "<Samples>5000</Samples>");
        AssertInvalid(lying, "File.xml: Samples=5000 but the data holds only 1001 samples: truncated?");

        var clock = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "clock.iq.tar");
        RewriteIqTarXml(clock, "3.2e+007", "fast");
        AssertInvalid(clock, "File.xml: Clock is not a number: 'fast'");

        var missing = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "missing.iq.tar");
        RewriteIqTarXml(missing, "<DataFilename>File.complex.1ch.float32</DataFilename>", "<DataFilename>Other.complex.1ch.float32</DataFilename>");
        AssertInvalid(missing, "File.xml: DataFilename 'Other.complex.1ch.float32' is not a member of the archive");
    }

    /// <summary>A DTD declaring ten levels of ten entities each: 10^10 "lol"s if an XML reader expanded them.</summary>
    private const string LaughsDoctype = """<!DOCTYPE RS_IQ_TAR_FileFormat [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;"><!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;"><!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;"><!ENTITY l5 "&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;"><!ENTITY l6 "&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;"><!ENTITY l7 "&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;"><!ENTITY l8 "&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;"><!ENTITY l9 "&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;">]>""";

    [Fact]
    public void Iq_tar_xml_with_an_entity_bomb_is_refused_without_expanding_it()
    {
        using var dir = new TempDirectory();
        var bomb = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "bomb.iq.tar");
        RewriteIqTarXml(bomb, "<Samples>1001</Samples>", "<Samples>&l9;</Samples>");
        RewriteIqTarXml(bomb, "<RS_IQ_TAR_FileFormat", LaughsDoctype + "<RS_IQ_TAR_FileFormat");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        AssertInvalid(bomb, "File.xml: the XML description is malformed: For security reasons DTD is prohibited in this XML document.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Iq_tar_xml_with_an_external_entity_is_refused_without_reading_it()
    {
        using var dir = new TempDirectory();
        var secret = dir.File("secret.txt");
        File.WriteAllText(secret, "1001");
        var external = Copy(dir, "iqtar/FromFSW_1ch_WithPreview.iq.tar", "external.iq.tar");
        RewriteIqTarXml(external, "<Samples>1001</Samples>", "<Samples>&x;</Samples>");
        RewriteIqTarXml(external, "<RS_IQ_TAR_FileFormat", $"""<!DOCTYPE RS_IQ_TAR_FileFormat [<!ENTITY x SYSTEM "file://{secret}">]><RS_IQ_TAR_FileFormat""");
        AssertInvalid(external, "File.xml: the XML description is malformed: For security reasons DTD is prohibited in this XML document.");
    }

    [Fact]
    public void Legacy_iq_tar_without_data_type_and_file_name_reads_float32_from_the_other_member()
    {
        using var dir = new TempDirectory();
        var legacy = Copy(dir, "iqtar/TestScalingFactorNot1.iq.tar", "legacy.iq.tar");
        RewriteIqTarXml(legacy, "<DataType>float32</DataType>", "");
        RewriteIqTarXml(legacy, "<DataFilename>File.complex.1ch.float32</DataFilename>", "");
        using var recording = IqFile.Open(legacy);
        using var original = IqFile.Open(RepositoryPaths.Fixture("iq-formats", "iqtar", "TestScalingFactorNot1.iq.tar"));
        var a = new float[2002];
        var b = new float[2002];
        recording.Read(0, a);
        original.Read(0, b);
        Assert.Equal(b, a);
        Assert.Contains(recording.Notes, n => n.Contains("no DataType (legacy file): float32 assumed"));
        Assert.Contains(recording.Notes, n => n.Contains("no DataFilename (legacy file): data member File.complex.1ch.float32"));
    }

    [Fact]
    public void Wav()
    {
        using var dir = new TempDirectory();
        var cut = Copy(dir, "wav/meteor_small.wav", "cut.wav");
        Cut(cut, 1001);
        AssertInvalid(cut, "runs past the end of the file");

        var notRiff = Copy(dir, "wav/meteor_small.wav", "notriff.wav");
        Patch(notRiff, 0, "RIFX"u8.ToArray());
        AssertInvalid(notRiff, "not a readable WAV file");

        var channels = Copy(dir, "wav/meteor_small.wav", "channels.wav");
        Patch(channels, 22, 3, 0);
        AssertInvalid(channels, "fmt chunk: 3 channels");

        var bits = Copy(dir, "wav/meteor_small.wav", "bits.wav");
        Patch(bits, 34, 12, 0);
        AssertInvalid(bits, "fmt chunk: Pcm with 12 bits per sample is not supported");
    }

    [Fact]
    public void Tdms()
    {
        using var dir = new TempDirectory();
        var path = "tdms/NR_FR1_DL_FDD_SISO_BW-10MHz_CC-1_SCS-30kHz_OFDM_TM2.tdms";
        var cut = Copy(dir, path, "cut.tdms");
        Cut(cut, 100000);
        AssertInvalid(cut, "segment 0 at byte 0: next-segment offset 1229399 points past the end of the file (1169704 bytes): truncated?");
        var cutMeta = Copy(dir, path, "cutmeta.tdms");
        Cut(cutMeta, 100);
        AssertInvalid(cutMeta, "segment 1 at byte 1229427: next-segment offset");

        var tag = Copy(dir, path, "tag.tdms");
        Patch(tag, 0, "TDSx"u8.ToArray());
        AssertInvalid(tag, "segment 0 at byte 0: tag is not TDSm");

        var rawOffset = Copy(dir, path, "raw.tdms");
        Patch(rawOffset, 20, 0xFF, 0xFF, 0xFF, 0x00);
        AssertInvalid(rawOffset, "segment 0 at byte 0: raw-data offset 16777215 lies beyond the segment");

        // The object count now claims more objects than the metadata holds.
        var objects = Copy(dir, path, "objects.tdms");
        Patch(objects, 28, 0xFF, 0xFF, 0, 0);
        AssertInvalid(objects, "segment 0 at byte 0: metadata ends inside");
    }

    [Fact]
    public void Portapack_sidecar_and_text_columns()
    {
        using var dir = new TempDirectory();
        var capture = Copy(dir, "raw/Aurora_RGB_Q5.C16");
        File.WriteAllText(dir.File("Aurora_RGB_Q5.TXT"), "sample_rate=fast\r\ncenter_frequency=433920000\r\n");
        AssertInvalid(dir.File("Aurora_RGB_Q5.TXT"), "line 1: sample_rate is not a number: 'fast'");
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(capture).Dispose());
        Assert.Equal(dir.File("Aurora_RGB_Q5.TXT"), error.Path);
        Assert.Contains("line 1: sample_rate is not a number: 'fast'", error.Message);

        var csv = dir.File("iq.csv");
        File.WriteAllText(csv, "I,Q\n0.5,0.25\n0.1,x\n", Encoding.ASCII);
        AssertInvalid(csv, "line 3, column 2: 'x' is not a finite number", new IqOpenOptions { SampleRate = 1000 });
        File.WriteAllText(csv, "time,I,Q\n0,0.5,0.25\n0.001,0.1,-0.1\n");
        using var columns = IqFile.Open(csv);
        Assert.Equal(1000, columns.SampleRate, 9);
        var values = new float[4];
        columns.Read(0, values);
        Assert.Equal([0.5f, 0.25f, 0.1f, -0.1f], values);
    }
}
