using System.Globalization;
using System.Xml.Linq;

namespace Cluster.Signal;

/// <summary>
/// An X-COM / Tektronix <c>.xdat</c> recording with its <c>.xhdr</c> XML header, as iqtools reads it
/// (<c>iqtools/xdatdata.py</c>): element <c>recording</c> with attributes <c>sample_rate</c>, <c>center_frequency</c>,
/// <c>acq_scale_factor</c>, <c>creation_time</c>; element <c>data</c> with <c>samples</c>. The body is interleaved
/// little-endian int16 I,Q (X-COM's description; the file holds 4 bytes per sample); volts = value x acq_scale_factor.
/// </summary>
public static class XdatRecording
{
    public const string Extension = ".xdat";
    public const string HeaderExtension = ".xhdr";

    public static StoredIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var dataPath = Path.ChangeExtension(path, Extension);
        var headerPath = Path.ChangeExtension(path, HeaderExtension);
        if (!File.Exists(headerPath))
            throw new InvalidIqFileException(headerPath, $"XDAT header file not found (needed for {Path.GetFileName(dataPath)})");
        XElement root;
        using (var stream = File.OpenRead(headerPath))
            root = SafeXml.Load(headerPath, stream, "the XML header");
        var recording = root.DescendantsAndSelf("recording").FirstOrDefault()
            ?? throw new InvalidIqFileException(headerPath, "XDAT header has no recording element");
        var dataElement = root.DescendantsAndSelf("data").FirstOrDefault()
            ?? throw new InvalidIqFileException(headerPath, "XDAT header has no data element");
        double Attribute(XElement element, string name, bool required = true)
        {
            var text = (string?)element.Attribute(name);
            if (text is null)
                return required ? throw new InvalidIqFileException(headerPath, $"{element.Name.LocalName}/@{name} is missing") : double.NaN;
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw new InvalidIqFileException(headerPath, $"{element.Name.LocalName}/@{name} is not a number: '{text}'");
        }
        var samples = Attribute(dataElement, "samples");
        if (samples < 1 || samples != Math.Floor(samples))
            throw new InvalidIqFileException(headerPath, $"data/@samples must be a positive whole number (got {samples})");
        var scale = Attribute(recording, "acq_scale_factor");
        if (!(scale > 0))
            throw new InvalidIqFileException(headerPath, $"recording/@acq_scale_factor must be positive (got {scale})");
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, Attribute(recording, "sample_rate"), "recording/@sample_rate", notes);
        var centre = RecordingFacts.CenterFrequency(options, Attribute(recording, "center_frequency"), "recording/@center_frequency", notes);
        var data = StoredSamples.Open(dataPath, SampleLayout.Of(SampleFormat.Ci16) with { Scale = scale }, 0, declaredSamples: (long)samples,
            declaredField: "data/@samples");
        if (data.SampleCount * 4 != new FileInfo(dataPath).Length)
            notes.Add($"the data file holds more than the {samples} samples data/@samples declares; read those");
        return StoredIqRecording.Create(dataPath, "xdat int16", rate, centre, data, notes: notes);
    }
}
