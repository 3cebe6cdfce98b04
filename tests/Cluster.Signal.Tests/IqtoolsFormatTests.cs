using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>
/// The iqtools formats for which no redistributable real file exists (IQT, XDAT, TCAP, iqtools' CSV), written by an
/// independent numpy writer from their published conventions, and iqtools' own WAV scaling in compat mode.
/// </summary>
public sealed class IqtoolsFormatTests
{
    [Theory]
    [InlineData("iqt", "iqt int16")]
    [InlineData("xdat", "xdat int16")]
    [InlineData("tcap", "tcap int16_be")]
    [InlineData("csv", "text columns")]
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
}
