using System.Globalization;

namespace Cluster.Signal;

/// <summary>A Tektronix .tiq file: XML header, then little-endian int32 I,Q pairs times Scaling.</summary>
public sealed class TiqRecording : StoredIqRecording
{
    private TiqRecording(string path, TiqHeader header, double sampleRate, double centerFrequency, StoredSamples data, List<string> notes)
        : base(path, "tiq int32", sampleRate, centerFrequency, data, ParseTime(header.DateTime), notes)
    {
        Header = header;
    }

    public TiqHeader Header { get; }

    public static TiqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var header = TiqHeaderReader.Read(path);
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, header.SamplingFrequency, "SamplingFrequency", notes);
        var centre = RecordingFacts.CenterFrequency(options, header.CenterFrequency, "ProductSpecific/Frequency", notes);
        var layout = SampleLayout.Of(SampleFormat.Ci32) with { Scale = header.Scaling };
        var data = StoredSamples.Open(path, layout, header.DataOffset, declaredSamples: header.NumberSamples);
        try
        {
            return new TiqRecording(path, header, rate, centre, data, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    // An unparsable time is kept verbatim in Header.DateTime; StartTime is only for machine-readable ones.
    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}
