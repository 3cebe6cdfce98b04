namespace Cluster.Signal;

/// <summary>
/// An open IQ recording: complex baseband samples in volts around <see cref="CenterFrequency"/>.
/// Samples are read on demand, never the whole file at once.
/// </summary>
public abstract class IqRecording : IDisposable
{
    private protected IqRecording(string path, string format, double sampleRate, double centerFrequency, long sampleCount, DateTimeOffset? startTime)
    {
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate))
            throw new InvalidIqFileException(path, $"sample rate must be positive and finite (got {sampleRate})");
        if (!double.IsFinite(centerFrequency))
            throw new InvalidIqFileException(path, $"centre frequency must be finite (got {centerFrequency})");
        Path = path;
        Format = format;
        SampleRate = sampleRate;
        CenterFrequency = centerFrequency;
        SampleCount = sampleCount;
        StartTime = startTime;
    }

    public string Path { get; }
    public double SampleRate { get; }
    public double CenterFrequency { get; }
    public long SampleCount { get; }

    /// <summary>Container and sample type, e.g. "tiq int32", "sigmf ci16_le", "raw cf32".</summary>
    public string Format { get; }

    public DateTimeOffset? StartTime { get; }

    /// <summary>Reads exactly interleavedIq.Length/2 samples from <paramref name="firstSample"/> as float32 volts, I,Q interleaved.</summary>
    public void Read(long firstSample, Span<float> interleavedIq)
    {
        if (interleavedIq.Length % 2 != 0)
            throw new ArgumentException($"interleavedIq: needs an even length for I,Q pairs (got {interleavedIq.Length})");
        long count = interleavedIq.Length / 2;
        if (firstSample < 0 || firstSample > SampleCount - count)
            throw new InvalidIqFileException(Path,
                $"samples {firstSample}..{firstSample + count - 1} requested but the file holds {SampleCount} samples");
        if (count > 0)
            ReadSamples(firstSample, interleavedIq);
    }

    /// <summary>Reads a range already checked to lie within the file.</summary>
    private protected abstract void ReadSamples(long firstSample, Span<float> interleavedIq);

    public abstract void Dispose();
}
