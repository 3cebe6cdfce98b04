using System.Globalization;

namespace Cluster.Signal;

/// <summary>A Tektronix .tiq file: XML header, then little-endian int32 I,Q pairs times Scaling.</summary>
public sealed class TiqRecording : IqRecording
{
    private readonly InterleavedIqData data;

    private TiqRecording(string path, TiqHeader header, InterleavedIqData data)
        : base(path, "tiq int32", header.SamplingFrequency, header.CenterFrequency, data.SampleCount, ParseTime(header.DateTime))
    {
        Header = header;
        this.data = data;
    }

    public TiqHeader Header { get; }

    public static TiqRecording Open(string path)
    {
        var header = TiqHeaderReader.Read(path);
        var data = InterleavedIqData.Open(path, header.DataOffset, SampleEncoding.Int32, (float)header.Scaling, header.NumberSamples);
        try
        {
            return new TiqRecording(path, header, data);
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

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq) => data.Read(firstSample, interleavedIq);

    public override void Dispose() => data.Dispose();
}
