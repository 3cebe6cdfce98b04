namespace Cluster.Signal;

/// <summary>Headerless interleaved I,Q samples whose rate and centre the caller supplies.</summary>
public sealed class RawIqRecording : IqRecording
{
    private readonly InterleavedIqData data;

    private RawIqRecording(string path, RawIqOptions options, InterleavedIqData data)
        : base(path, options.Format == RawSampleFormat.Cf32 ? "raw cf32" : "raw ci16", options.SampleRate, options.CenterFrequency, data.SampleCount, null)
    {
        this.data = data;
    }

    public static RawIqRecording Open(string path, RawIqOptions options)
    {
        var (encoding, scale) = options.Format switch
        {
            RawSampleFormat.Cf32 => (SampleEncoding.Float32, 1f),
            RawSampleFormat.Ci16 => (SampleEncoding.Int16, 1f / 32768f),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Format, "unknown raw sample format"),
        };
        var data = InterleavedIqData.Open(path, 0, encoding, scale);
        try
        {
            return new RawIqRecording(path, options, data);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq) => data.Read(firstSample, interleavedIq);

    public override void Dispose() => data.Dispose();
}
