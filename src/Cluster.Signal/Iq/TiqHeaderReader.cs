using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Cluster.Signal;

/// <summary>
/// Parses a .tiq header the way iqtools does: the first element's offset attribute gives the header length,
/// the XML up to there describes the samples.
/// </summary>
internal static partial class TiqHeaderReader
{
    public static readonly XNamespace Tektronix = "http://www.tektronix.com";

    // Real headers are ~100 kB; anything far larger is not a TIQ header and must not be read into memory.
    private const long MaxHeaderBytes = 64L << 20;
    private const int LeadBytes = 256;

    [GeneratedRegex("""^\uFEFF?\s*<DataFile\s+offset\s*=\s*"(\d{1,18})"[^>]*>""")]
    private static partial Regex DataFileOffset();

    public static TiqHeader Read(string path)
    {
        using var stream = OpenStream(path);
        var length = stream.Length;
        if (length == 0)
            throw new InvalidIqFileException(path, "file is empty");

        var lead = new byte[Math.Min(LeadBytes, length)];
        stream.ReadExactly(lead);
        var match = DataFileOffset().Match(Encoding.UTF8.GetString(lead));
        if (!match.Success)
            throw new InvalidIqFileException(path, "not a TIQ file: it does not start with <DataFile offset=\"...\">");
        var offset = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        if (offset > length)
            throw new InvalidIqFileException(path, $"data offset {offset} is beyond the end of the file ({length} bytes)");
        if (offset < match.Length)
            throw new InvalidIqFileException(path, $"data offset {offset} lies inside the <DataFile> tag itself");
        if (offset > MaxHeaderBytes)
            throw new InvalidIqFileException(path, $"data offset {offset} implies an implausibly large XML header (over {MaxHeaderBytes} bytes)");

        var headerBytes = new byte[offset];
        stream.Position = 0;
        stream.ReadExactly(headerBytes);
        return Interpret(path, offset, SafeXml.Load(path, new MemoryStream(headerBytes), $"the XML header (first {headerBytes.Length} bytes)"));
    }

    private static FileStream OpenStream(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InvalidIqFileException(path, "directory not found", e);
        }
    }

    private static TiqHeader Interpret(string path, long offset, XElement root)
    {
        var description = root.Element(Tektronix + "DataSetsCollection")?.Element(Tektronix + "DataSets")?.Element(Tektronix + "DataDescription")
            ?? throw new InvalidIqFileException(path, "header lacks DataSetsCollection/DataSets/DataDescription");
        var product = root.Element(Tektronix + "DataSetsCollection")?.Element(Tektronix + "DataSets")?.Element(Tektronix + "ProductSpecific")
            ?? throw new InvalidIqFileException(path, "header lacks DataSetsCollection/DataSets/ProductSpecific");

        // The Setup section is not in the Tektronix namespace, so parameters are matched by local name.
        double? span = null, rbw = null;
        foreach (var parameter in root.Descendants().Where(e => e.Name.LocalName == "NumericParameter"))
        {
            var pid = (string?)parameter.Attribute("pid");
            if (pid is "specanrange" or "globalrange")
                span = ParameterValue(path, parameter, pid);
            else if (pid == "fmtRBW")
                rbw = ParameterValue(path, parameter, pid);
        }

        var header = new TiqHeader
        {
            DataOffset = offset,
            SamplingFrequency = RequiredNumber(path, description, "SamplingFrequency"),
            CenterFrequency = RequiredNumber(path, product, "Frequency"),
            NumberSamples = RequiredInteger(path, description, "NumberSamples"),
            Scaling = RequiredNumber(path, description, "Scaling"),
            DateTime = description.Element(Tektronix + "DateTime")?.Value.Trim(),
            AcquisitionBandwidth = OptionalNumber(path, product, "AcquisitionBandwidth"),
            RFAttenuation = OptionalNumber(path, product, "RFAttenuation"),
            Span = span,
            Rbw = rbw,
            NumberFormat = RequiredText(path, description, "NumberFormat"),
            Endian = RequiredText(path, description, "Endian"),
        };
        if (!header.NumberFormat.Equals("Int32", StringComparison.OrdinalIgnoreCase))
            throw new InvalidIqFileException(path, $"NumberFormat {header.NumberFormat} is not supported (only Int32)");
        if (!header.Endian.Equals("Little", StringComparison.OrdinalIgnoreCase))
            throw new InvalidIqFileException(path, $"Endian {header.Endian} is not supported (only Little)");
        if (!(header.Scaling > 0) || !double.IsFinite(header.Scaling))
            throw new InvalidIqFileException(path, $"Scaling must be positive and finite (got {header.Scaling})");
        if (header.NumberSamples < 0)
            throw new InvalidIqFileException(path, $"NumberSamples must not be negative (got {header.NumberSamples})");
        return header;
    }

    private static double ParameterValue(string path, XElement parameter, string pid)
    {
        var value = parameter.Elements().FirstOrDefault(e => e.Name.LocalName == "Value")
            ?? throw new InvalidIqFileException(path, $"NumericParameter {pid} has no Value");
        return ParseNumber(path, $"NumericParameter {pid}", value.Value);
    }

    private static string RequiredText(string path, XElement parent, string name) =>
        parent.Element(Tektronix + name)?.Value.Trim()
        ?? throw new InvalidIqFileException(path, $"header lacks {parent.Name.LocalName}/{name}");

    private static double RequiredNumber(string path, XElement parent, string name) =>
        ParseNumber(path, name, RequiredText(path, parent, name));

    private static double? OptionalNumber(string path, XElement parent, string name) =>
        parent.Element(Tektronix + name) is { } element ? ParseNumber(path, name, element.Value) : null;

    private static long RequiredInteger(string path, XElement parent, string name)
    {
        var text = RequiredText(path, parent, name);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidIqFileException(path, $"header field {name} is not an integer: '{text}'");
    }

    private static double ParseNumber(string path, string name, string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidIqFileException(path, $"header field {name} is not a number: '{text.Trim()}'");
}
