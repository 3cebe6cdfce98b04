using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>
/// The iqtools formats for which no redistributable real file exists (IQT, XDAT, TCAP, R3F, iqtools' TDMS and CSV), written by an
/// independent numpy writer from their published conventions, and iqtools' own WAV scaling in compat mode.
/// </summary>
public sealed class IqtoolsFormatTests
{
    [Theory]
    [InlineData("iqt", "iqt int16")]
    [InlineData("xdat", "xdat int16")]
    [InlineData("tcap", "tcap int16_be")]
    [InlineData("csv", "text columns")]
    [InlineData("tdms-iqtools", "tdms iqtools int16")]
    [InlineData("r3f", "r3f int16 IF (mixed to I/Q as iqtools)")]
    public void Facts_samples_and_strongest_bins_match_numpy(string kind, string format)
    {
        using var dir = new TempDirectory();
        var reference = NumpyReference.Run(dir, "iqtools_formats_writer.py", kind, dir.Path);
        using var recording = IqFile.Open(reference.Json.GetProperty("path").GetString()!);
        Assert.Equal(format, recording.Format);
        Assert.Equal(reference.Json.GetProperty("fs").GetDouble(), recording.SampleRate, 1e-6);
        Assert.Equal(reference.Json.GetProperty("centre").GetDouble(), recording.CenterFrequency);
        reference.AssertMatches(recording);
    }

    [Fact]
    public void Companion_headers_name_their_data_file()
    {
        using var dir = new TempDirectory();
        NumpyReference.Run(dir, "iqtools_formats_writer.py", "xdat", dir.Path);
        NumpyReference.Run(dir, "iqtools_formats_writer.py", "tcap", dir.Path);
        Assert.Equal(dir.File("xcom.xdat"), IqFile.PrimaryOf(dir.File("xcom.xhdr")));
        Assert.Equal(dir.File("20141231_tcap.dat"), IqFile.PrimaryOf(dir.File("20141231_tcap.hdr")));

        // Lying headers: more samples than the body holds, a block cut short.
        File.WriteAllText(dir.File("xcom.xhdr"), File.ReadAllText(dir.File("xcom.xhdr")).Replace("samples=\"8192\"", "samples=\"9000\""));
        var xdat = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(dir.File("xcom.xdat")).Dispose());
        Assert.Contains("header declares data/@samples=9000 but the data holds only 8192 samples", xdat.Message);
        using (var file = File.OpenWrite(dir.File("20141231_tcap.dat")))
            file.SetLength(file.Length - 10);
        var tcap = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(dir.File("20141231_tcap.dat")).Dispose());
        Assert.Contains("is not a whole number of 131160-byte blocks", tcap.Message);
    }

    [Fact]
    public void Iqt_header_with_a_bad_number_names_the_field()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.iqt");
        var header = "FFTPoints=1024\nFrameLength=abc\nCenterFrequency=1M\nValidFrames=1\nMaxInputLevel=0\nLevelOffset=0\nGainOffset=0\n";
        File.WriteAllText(path, $"{header.Length.ToString().Length}{header.Length}{header}" + new string('\0', 24 + 4096));
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(path).Dispose());
        Assert.Contains("IQT header: FrameLength is not a number: 'abc'", error.Message);
    }

    [Fact]
    public void Compat_reads_wav_integers_as_iqtools_does()
    {
        // iqtools' wavdata.py: scipy's wavfile, then astype(float32): the stored integers, unscaled.
        var path = RepositoryPaths.Fixture("iq-formats", "wav", "meteor_small.wav");
        using var calibrated = IqFile.Open(path);
        using var iqtools = IqFile.Open(path, new IqOpenOptions { IqtoolsScaling = true });
        var a = new float[64];
        var b = new float[64];
        calibrated.Read(0, a);
        iqtools.Read(0, b);
        for (var i = 0; i < a.Length; i++)
            Assert.Equal(a[i] * 32768f, b[i]);
        Assert.Contains(iqtools.Notes, n => n.StartsWith("iqtools scaling (compat)"));
    }

    [Fact]
    public void Wav_auxi_chunk_gives_the_centre_frequency_and_start_time()
    {
        // An HDSDR-style file written by Python's struct from the auxi layout: SYSTEMTIME start and stop, then
        // centreFreq (u32) at chunk byte 32, then the other fields, 164 bytes in all.
        using var dir = new TempDirectory();
        var path = dir.File("hdsdr.wav");
        Python.Run("""
            import struct, sys
            import numpy as np
            iq = np.round(12000 * np.exp(2j * np.pi * 0.1 * np.arange(4096)))
            data = np.empty(8192, "<i2"); data[0::2] = iq.real; data[1::2] = iq.imag
            fmt = struct.pack("<HHIIHH", 1, 2, 192000, 192000 * 4, 4, 16)
            auxi = struct.pack("<8H8HI", 2024, 5, 5, 17, 8, 30, 15, 250, 2024, 5, 5, 17, 8, 31, 15, 0, 7074000) + bytes(164 - 36)
            body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"auxi" + struct.pack("<I", len(auxi)) + auxi \
                + b"data" + struct.pack("<I", data.nbytes) + data.tobytes()
            open(sys.argv[1], "wb").write(b"RIFF" + struct.pack("<I", len(body)) + body)
            """, path);
        using var recording = IqFile.Open(path);
        Assert.Equal(7074000, recording.CenterFrequency);
        Assert.Equal(192000, recording.SampleRate);
        Assert.Equal(new DateTimeOffset(2024, 5, 17, 8, 30, 15, 250, TimeSpan.Zero), recording.StartTime);
        var first = new float[2];
        recording.Read(0, first);
        Assert.Equal([12000 / 32768f, 0f], first);
    }
}
