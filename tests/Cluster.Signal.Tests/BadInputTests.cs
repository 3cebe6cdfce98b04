using System.Text;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>Every broken file or parameter gets an exception that names the file (or parameter) and the problem.</summary>
public sealed class BadInputTests
{
    private const double SampleRate = 100_000;

    private static string WriteTiq(TempDirectory dir, int samples, string name = "x.tiq")
    {
        var path = dir.File(name);
        using var file = File.Create(path);
        TiqWriter.Write(file, SyntheticRecordings.Tone(samples, SampleRate, 1000, 0.1), SampleRate, 1e6, SyntheticRecordings.Time);
        return path;
    }

    private static InvalidIqFileException AssertInvalid(string path, string problem, IqOpenOptions? raw = null)
    {
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(path, raw).Dispose());
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
        return error;
    }

    [Fact]
    public void Data_that_is_not_a_whole_number_of_samples()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100);
        File.AppendAllText(path, "abc");
        AssertInvalid(path, "not a whole number of int32 I/Q samples");
    }

    [Fact]
    public void Data_shorter_than_number_samples()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100);
        using (var file = File.OpenWrite(path))
            file.SetLength(file.Length - 10 * 8);
        AssertInvalid(path, "NumberSamples=100 but the data holds only 90 samples");
    }

    [Fact]
    public void Number_samples_larger_than_the_data()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100);
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.Latin1.GetString(bytes);
        // Same byte length, so the header's offset stays right.
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace("<NumberSamples>100<", "<NumberSamples>999<")));
        AssertInvalid(path, "NumberSamples=999 but the data holds only 100 samples");
    }

    [Fact]
    public void Offset_beyond_the_end_of_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("cut.tiq");
        File.WriteAllText(path, "<DataFile offset=\"000096648\" version=\"0.3\">\r\n<DataSetsCollection xmlns=\"http://www.tektronix.com\">");
        AssertInvalid(path, "data offset 96648 is beyond the end of the file (");
    }

    [Fact]
    public void Empty_files()
    {
        using var dir = new TempDirectory();
        var tiq = dir.File("empty.tiq");
        var bin = dir.File("empty.bin");
        File.WriteAllBytes(tiq, []);
        File.WriteAllBytes(bin, []);
        AssertInvalid(tiq, "file is empty");
        AssertInvalid(bin, "file is empty", new IqOpenOptions { SampleRate = SampleRate, CenterFrequency = 0 });
    }

    [Fact]
    public void Text_file_named_tiq()
    {
        using var dir = new TempDirectory();
        var path = dir.File("notes.tiq");
        File.WriteAllText(path, "beamtime notes: the magnet tripped at 03:00\n");
        AssertInvalid(path, "not a TIQ file");
    }

    [Fact]
    public void Malformed_xml_header()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 10);
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text.Replace("</DataDescription>", "</DataDescriptiox>")));
        var error = AssertInvalid(path, "XML header");
        Assert.IsType<System.Xml.XmlException>(error.InnerException);
    }

    [Fact]
    public void Entity_bomb_before_the_tiq_root_element_is_not_a_tiq_file()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 10);
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        const string bomb = """<?xml version="1.0"?><!DOCTYPE DataFile [<!ENTITY a "lolololololo"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>""";
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(bomb + text.Replace("<NumberSamples>10<", "<NumberSamples>&i;<")));
        AssertInvalid(path, "not a TIQ file: it does not start with <DataFile offset=\"...\">");
    }

    [Fact]
    public void Entity_declaration_inside_the_tiq_header_is_refused_without_expanding_it()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100);
        var text = Encoding.Latin1.GetString(File.ReadAllBytes(path));
        // Replacements of equal length, so the header's offset stays right: a self-doubling entity and its use.
        const string source = "<Source>Cluster.Signal.TiqWriter</Source>";
        var patched = text
            .Replace(source, "<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>".PadRight(source.Length))
            .Replace("<NumberSamples>100<", "<NumberSamples>&a;<");
        Assert.Equal(text.Length, patched.Length);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(patched));
        var error = AssertInvalid(path, "the XML header (first ");
        Assert.Contains(" bytes) is malformed: ", error.Message);
        Assert.IsType<System.Xml.XmlException>(error.InnerException);
    }

    [Fact]
    public void Unknown_sigmf_datatype()
    {
        using var dir = new TempDirectory();
        var meta = dir.File("rec.sigmf-meta");
        File.WriteAllText(meta, """{"global": {"core:datatype": "cx12_le", "core:sample_rate": 1000000, "core:version": "1.0.0"}, "captures": [], "annotations": []}""");
        File.WriteAllBytes(dir.File("rec.sigmf-data"), new byte[64]);
        AssertInvalid(meta, "global.core:datatype 'cx12_le' is not a SigMF datatype");
        // The data file names the same pair, and the error still points at the metadata.
        var error = Assert.Throws<InvalidIqFileException>(() => IqFile.Open(dir.File("rec.sigmf-data")).Dispose());
        Assert.Equal(meta, error.Path);
    }

    [Theory]
    [InlineData("16", "SigMF global.core:datatype must be a string (got number)")]
    [InlineData("\"complex64\"", "global.core:datatype 'complex64' is not a SigMF datatype")]
    public void Sigmf_datatype_of_the_wrong_kind_names_the_field(string datatype, string problem)
    {
        using var dir = new TempDirectory();
        var meta = dir.File("rec.sigmf-meta");
        File.WriteAllText(meta, $$"""{"global": {"core:datatype": {{datatype}}, "core:sample_rate": 1000000, "core:version": "1.0.0"}, "captures": [], "annotations": []}""");
        File.WriteAllBytes(dir.File("rec.sigmf-data"), new byte[64]);
        AssertInvalid(meta, problem);
    }

    [Fact]
    public void Sigmf_data_file_missing()
    {
        using var dir = new TempDirectory();
        var meta = dir.File("lonely.sigmf-meta");
        File.WriteAllText(meta, SigMfWriter.MetaJson(SigMfDatatype.Cf32Le, 1e6, 0, SyntheticRecordings.Time, "no data"));
        AssertInvalid(dir.File("lonely.sigmf-data"), "file not found");
    }

    [Fact]
    public void Raw_files_need_rate_and_centre_and_unknown_types_are_refused()
    {
        using var dir = new TempDirectory();
        var bin = dir.File("capture.bin");
        File.WriteAllBytes(bin, new byte[80]);
        AssertInvalid(bin, "the file records no sample rate (headerless file): give it with --sample-rate");
        var unknown = dir.File("capture.xyz");
        File.WriteAllBytes(unknown, new byte[80]);
        AssertInvalid(unknown, "unknown IQ file type '.xyz': a headerless capture needs --raw-format");
    }

    [Fact]
    public void Raw_ci16_extension_decides_the_sample_type()
    {
        using var dir = new TempDirectory();
        var path = dir.File("capture.ci16");
        File.WriteAllBytes(path, [0x00, 0x40, 0x00, 0xC0]); // I = 16384, Q = -16384
        using var recording = IqFile.Open(path, new IqOpenOptions { SampleRate = SampleRate, CenterFrequency = 0 });
        Assert.Equal("raw ci16_le", recording.Format);
        var volts = new float[2];
        recording.Read(0, volts);
        Assert.Equal([0.5f, -0.5f], volts);
    }

    [Fact]
    public void Reads_outside_the_file()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100);
        using var recording = IqFile.Open(path);
        var error = Assert.Throws<InvalidIqFileException>(() => recording.Read(95, new float[20]));
        Assert.Contains("samples 95..104 requested but the file holds 100 samples", error.Message);
        Assert.Throws<InvalidIqFileException>(() => recording.Read(-1, new float[2]));
    }

    [Theory]
    [InlineData(1000, null, null, null, null, "lframes: must be a power of two between 2 and 16777216 (got 1000)")]
    [InlineData(1024, 5, 3, null, null, "start_frame: must not exceed end_frame (5 > 3)")]
    [InlineData(1024, 0, null, null, null, "start_frame: frames are numbered from 1 (got 0)")]
    [InlineData(1024, 2, 5, 3, null, "nframes: 3 contradicts start_frame..end_frame 2..5 (4 frames)")]
    [InlineData(1024, null, null, null, 0, "n_avg: must be at least 1 (got 0)")]
    public void Invalid_parameters(int lframes, int? start, int? end, int? nframes, int? nAvg, string message)
    {
        var parameters = new StftParameters { Lframes = lframes, StartFrame = start, EndFrame = end, Nframes = nframes, NAvg = nAvg ?? 1 };
        var error = Assert.Throws<ArgumentException>(parameters.Validate);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Compat_mode_refuses_a_window()
    {
        var parameters = new StftParameters { Mode = SpectrogramMode.Compat, Window = WindowKind.Hann };
        Assert.StartsWith("window: compat mode uses no window", Assert.Throws<ArgumentException>(parameters.Validate).Message);
        new StftParameters { Mode = SpectrogramMode.Compat, Window = WindowKind.Rect }.Validate();
    }

    [Fact]
    public void Frame_ranges_beyond_the_file_name_the_file_and_its_frame_count()
    {
        using var dir = new TempDirectory();
        var path = WriteTiq(dir, 100 * 64);
        using var recording = IqFile.Open(path);
        var cases = new (StftParameters Parameters, string Message)[]
        {
            (new() { Lframes = 64, EndFrame = 101 }, $"end_frame: 101 is beyond the end: {path} holds 100 frames of 64 samples"),
            (new() { Lframes = 64, StartFrame = 150 }, $"start_frame: 150 is beyond the end: {path} holds 100 frames of 64 samples"),
            (new() { Lframes = 64, StartFrame = 91, Nframes = 20 }, $"nframes: frames 91..110 requested but {path} holds 100 frames of 64 samples"),
            (new() { Lframes = 8192 }, $"lframes: {path} holds 6400 samples, less than one frame of 8192"),
            (new() { Lframes = 64, StartFrame = 99, NAvg = 4 }, $"n_avg: 4 exceeds the 2 frames selected from {path}"),
        };
        foreach (var (parameters, message) in cases)
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => Stft.Compute(recording, parameters)).Message);
    }
}
