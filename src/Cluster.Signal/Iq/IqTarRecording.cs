using System.Globalization;
using System.Xml.Linq;

namespace Cluster.Signal;

/// <summary>
/// A Rohde &amp; Schwarz IQ-TAR file (<c>.iq.tar</c>; R&amp;S "I/Q Data File Format iq-tar" description, schema
/// RsIqTar.xsd): a tar holding an XML description (root <c>RS_IQ_TAR_FileFormat</c>: <c>Clock</c> = sample rate,
/// <c>Samples</c>, <c>Format</c>, <c>DataType</c>, <c>ScalingFactor</c> in volts, <c>NumberOfChannels</c>,
/// <c>DataFilename</c>) and a data member of interleaved little-endian I,Q, channel after channel in each sample.
/// Read in place. Legacy files without <c>DataType</c>/<c>DataFilename</c> are float32 and their data member is the
/// one that is neither .xml nor .xslt. The centre frequency is the analyser's, from
/// <c>UserData/RohdeSchwarz/SpectrumAnalyzer/CenterFrequency</c>.
/// </summary>
public static class IqTarRecording
{
    public const string Extension = ".iq.tar";

    public static StoredIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var members = TarMembers.List(path);
        var xmlMember = members.FirstOrDefault(m => m.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidIqFileException(path, "the IQ-TAR archive holds no .xml description");
        var root = SafeXml.Load(path, new MemoryStream(TarMembers.ReadAll(path, xmlMember)), $"{xmlMember.Name}: the XML description");
        if (root.Name.LocalName != "RS_IQ_TAR_FileFormat")
            throw new InvalidIqFileException(path, $"{xmlMember.Name}: root element is {root.Name.LocalName}, not RS_IQ_TAR_FileFormat");

        string? Text(string name) => root.Element(name)?.Value.Trim();
        var notes = new List<string>();
        var format = (Text("Format") ?? "complex").ToLowerInvariant();
        if (format is not ("complex" or "real"))
            throw new InvalidIqFileException(path, $"{xmlMember.Name}: Format '{format}' is not supported (complex or real)");
        var dataTypeText = Text("DataType");
        if (dataTypeText is null) notes.Add("IQ-TAR description has no DataType (legacy file): float32 assumed");
        var type = (dataTypeText ?? "float32").ToLowerInvariant() switch
        {
            "float32" => ComponentType.F32,
            "float64" => ComponentType.F64,
            "int8" => ComponentType.I8,
            "int16" => ComponentType.I16,
            "int32" => ComponentType.I32,
            _ => throw new InvalidIqFileException(path, $"{xmlMember.Name}: DataType '{dataTypeText}' is not one of float32, float64, int8, int16, int32"),
        };
        var sampleFormat = new SampleFormat(format == "complex", type, false);
        var channels = (int)(Integer(path, xmlMember.Name, Text("NumberOfChannels"), "NumberOfChannels") ?? 1);
        var declared = Integer(path, xmlMember.Name, Text("Samples"), "Samples")
            ?? throw new InvalidIqFileException(path, $"{xmlMember.Name}: Samples is missing");
        var clock = Number(path, xmlMember.Name, Text("Clock"), "Clock");
        var scaling = Number(path, xmlMember.Name, Text("ScalingFactor"), "ScalingFactor") ?? 1;
        if (!(scaling > 0))
            throw new InvalidIqFileException(path, $"{xmlMember.Name}: ScalingFactor must be positive (got {scaling})");
        var centreText = root.Element("UserData")?.Element("RohdeSchwarz")?.Element("SpectrumAnalyzer")?.Element("CenterFrequency")?.Value.Trim();
        var centre = Number(path, xmlMember.Name, centreText, "UserData/RohdeSchwarz/SpectrumAnalyzer/CenterFrequency");

        var dataName = Text("DataFilename");
        var dataMember = dataName is not null
            ? members.FirstOrDefault(m => m.Name == dataName || Path.GetFileName(m.Name) == dataName)
              ?? throw new InvalidIqFileException(path, $"{xmlMember.Name}: DataFilename '{dataName}' is not a member of the archive")
            : members.FirstOrDefault(m => !m.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && !m.Name.EndsWith(".xslt", StringComparison.OrdinalIgnoreCase))
              ?? throw new InvalidIqFileException(path, "the IQ-TAR archive holds no data member (only .xml and .xslt)");
        if (dataName is null) notes.Add($"IQ-TAR description has no DataFilename (legacy file): data member {dataMember.Name}");

        var rate = RecordingFacts.SampleRate(path, options, clock, "Clock", notes);
        var centerFrequency = RecordingFacts.CenterFrequency(options, centre, "UserData/RohdeSchwarz/SpectrumAnalyzer/CenterFrequency", notes);
        if (channels > 1) notes.Add($"channel {options.Channel} of {channels} (channel parameter)");
        // Integers are full-scale normalised (as SigMF's) before the scaling factor; floats are scaled as stored.
        var (fullScale, _) = sampleFormat.FullScale();
        var layout = SampleLayout.Of(sampleFormat, channels, options.Channel) with { Scale = fullScale * scaling };
        var data = StoredSamples.Open(path, layout, dataMember.DataOffset, dataMember.Length, declared, $"{xmlMember.Name}: Samples");
        return StoredIqRecording.Create(path, $"iq-tar {(format == "complex" ? "c" : "r")}{dataTypeText ?? "float32"}", rate, centerFrequency, data,
            DateTimeOffset.TryParse(Text("DateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null, notes);
    }

    private static double? Number(string path, string member, string? text, string field) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new InvalidIqFileException(path, $"{member}: {field} is not a number: '{text}'");

    private static long? Integer(string path, string member, string? text, string field) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value
        : throw new InvalidIqFileException(path, $"{member}: {field} is not a non-negative integer: '{text}'");
}
