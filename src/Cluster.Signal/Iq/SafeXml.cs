using System.Xml;
using System.Xml.Linq;

namespace Cluster.Signal;

/// <summary>
/// Parses the XML descriptions IQ formats carry (.tiq headers, IQ-TAR descriptions, XDAT headers) with DTDs and
/// external entities refused, so a recording cannot make the reader fetch or expand anything.
/// </summary>
internal static class SafeXml
{
    /// <param name="what">What the XML is, for the message: "the XML header (first 96648 bytes)".</param>
    public static XElement Load(string path, Stream xml, string what)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            return XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw new InvalidIqFileException(path, $"{what} is malformed: {e.Message}", e);
        }
    }
}
