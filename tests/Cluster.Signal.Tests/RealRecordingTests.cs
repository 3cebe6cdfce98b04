using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>
/// Real recordings from public projects (../shared/fixtures/iq-formats, provenance in its SOURCES.md): the header facts
/// SOURCES.md documents, and samples and spectra equal to an independent numpy decoding of the same bytes.
/// </summary>
public sealed class RealRecordingTests
{
    private static string Fixture(params string[] parts) => RepositoryPaths.Fixture(["iq-formats", .. parts]);

    public static TheoryData<string, string, string, double, double, long> Recordings => new()
    {
        // file, reference decoder, format, sample rate, centre, samples
        { "iqtar/FromFSW_1ch_WithPreview.iq.tar", "iqtar", "iq-tar cfloat32", 32e6, 13.25e9, 1001 },
        { "iqtar/zapisano_vsa-edge_001.iq.tar", "iqtar", "iq-tar cfloat32", 1.08333e6, 900e6, 256289 },
        { "iqtar/TestScalingFactorNot1.iq.tar", "iqtar", "iq-tar cfloat32", 32e6, 0, 1001 },
        { "tdms/NR_FR1_DL_FDD_SISO_BW-10MHz_CC-1_SCS-30kHz_OFDM_TM2.tdms", "tdms-rfmx", "tdms NI-RF cf32_le", 15.36e6, 0, 153600 },
        { "wav/meteor_small.wav", "wav", "wav int16 stereo IQ", 222222, 0, 31430 },
        { "wav/is7spino.wav", "wav", "wav float32 stereo IQ", 100000, 0, 39355 },
        { "wav/2ch4-part.wav", "wav", "wav int8 stereo IQ", 32000, 0, 81586 },
        { "raw/g001_433.92M_250k.cu8", "cu8", "raw cu8", 250e3, 433.92e6, 262144 },
        { "raw/Aurora_RGB_Q5.C16", "cs16", "raw ci16_le", 500000, 433920000, 536576 },
    };

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Facts_samples_and_strongest_bins_match_numpy(string file, string decoder, string format, double rate, double centre, long samples)
    {
        using var dir = new TempDirectory();
        var path = Fixture(file.Split('/'));
        var reference = NumpyReference.Run(dir, "iq_reference.py", decoder, path);
        using var recording = IqFile.Open(path);
        Assert.Equal(format, recording.Format);
        Assert.Equal(rate, recording.SampleRate);
        Assert.Equal(centre, recording.CenterFrequency);
        Assert.Equal(samples, recording.SampleCount);
        reference.AssertMatches(recording);
    }

    [Fact]
    public void Rtl_sdr_capture_read_by_raw_format_with_the_documented_rate_and_centre()
    {
        // dump1090's modes1.bin: "rtl_sdr -f 1090000000 -s 2000000", cu8; .bin alone would mean cf32.
        using var dir = new TempDirectory();
        var path = Fixture("raw", "modes1.bin");
        var reference = NumpyReference.Run(dir, "iq_reference.py", "cu8", path);
        using var recording = IqFile.Open(path, new IqOpenOptions { RawFormat = SampleFormat.Cu8, SampleRate = 2e6, CenterFrequency = 1090e6 });
        Assert.Equal("raw cu8", recording.Format);
        Assert.Equal(356868, recording.SampleCount);
        var first = new float[4];
        recording.Read(0, first);
        double[] bytes = [129, 127, 126, 125];
        for (var i = 0; i < 4; i++)
            Assert.Equal((bytes[i] - 127.5) / 127.5, first[i], 1e-7);
        reference.AssertMatches(recording);
    }

    [Fact]
    public void Iq_tar_scaling_factor_scales_the_same_bytes()
    {
        // The two archives hold identical float32 bytes; only ScalingFactor (1 and 3.123) differs.
        using var plain = IqFile.Open(Fixture("iqtar", "FromFSW_1ch_WithPreview.iq.tar"));
        using var scaled = IqFile.Open(Fixture("iqtar", "TestScalingFactorNot1.iq.tar"));
        var a = new float[2002];
        var b = new float[2002];
        plain.Read(0, a);
        scaled.Read(0, b);
        for (var i = 0; i < a.Length; i++)
            Assert.Equal(a[i] * 3.123f, b[i], Math.Abs(a[i]) * 1e-6f);
        Assert.Equal(-1.9954e-05f, a[0], 1e-9f);
        Assert.Equal(-5.2646e-06f, a[1], 1e-9f);
        Assert.Contains(scaled.Notes, n => n.Contains("no centre frequency"));
    }

    [Fact]
    public void Portapack_sidecar_and_rtl_433_name_are_named_in_the_notes_and_can_be_overridden()
    {
        using var portapack = IqFile.Open(Fixture("raw", "Aurora_RGB_Q5.C16"), new IqOpenOptions { CenterFrequency = 433.9e6 });
        Assert.Equal(500000, portapack.SampleRate);
        Assert.Equal(433.9e6, portapack.CenterFrequency);
        Assert.Contains(portapack.Notes, n => n.Contains("overriding the file's 433920000 Hz (Aurora_RGB_Q5.TXT)"));
        Assert.Equal(Fixture("raw", "Aurora_RGB_Q5.C16"), IqFile.PrimaryOf(Fixture("raw", "Aurora_RGB_Q5.TXT")));
        Assert.Null(IqFile.PrimaryOf(Fixture("raw", "Aurora_RGB_Q5.C16")));
    }
}
