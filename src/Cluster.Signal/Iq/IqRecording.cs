namespace Cluster.Signal;

/// <summary>
/// An open IQ recording: complex baseband samples in volts around <see cref="CenterFrequency"/>.
/// Samples are read on demand, never the whole file at once. Real-valued recordings read as I = value, Q = 0.
/// </summary>
public abstract class IqRecording : IDisposable
{
    private protected IqRecording(string path, string format, double sampleRate, double centerFrequency, long sampleCount,
        DateTimeOffset? startTime, IReadOnlyList<string>? notes = null)
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
        Notes = notes ?? [];
    }

    public string Path { get; }
    public double SampleRate { get; }
    public double CenterFrequency { get; }
    public long SampleCount { get; }

    /// <summary>Container and sample type, e.g. "tiq int32", "sigmf ci16_le", "raw cu8", "wav int16 stereo".</summary>
    public string Format { get; }

    public DateTimeOffset? StartTime { get; }

    /// <summary>What the reader decided or was told: overrides used, defaults taken, metadata it tolerated.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when the samples are real-valued (Q = 0): the spectrum is mirrored about the centre.</summary>
    public virtual bool IsReal => false;

    /// <summary>"channel 1 of 4" for a multi-channel recording, null for a single channel: figures name the choice.</summary>
    public virtual string? ChannelLabel => null;

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

/// <summary>A recording whose samples are frames at known places of one file (every format but TDMS's split I/Q channels).</summary>
public class StoredIqRecording : IqRecording
{
    private readonly StoredSamples data;

    private protected StoredIqRecording(string path, string format, double sampleRate, double centerFrequency, StoredSamples data,
        DateTimeOffset? startTime, IReadOnlyList<string>? notes)
        : base(path, format, sampleRate, centerFrequency, data.SampleCount, startTime, notes)
    {
        this.data = data;
    }

    /// <summary>Builds the recording, disposing <paramref name="data"/> if the facts are rejected.</summary>
    internal static StoredIqRecording Create(string path, string format, double sampleRate, double centerFrequency, StoredSamples data,
        DateTimeOffset? startTime = null, IReadOnlyList<string>? notes = null)
    {
        try
        {
            return new StoredIqRecording(path, format, sampleRate, centerFrequency, data, startTime, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>The file the samples are read from (the data file of a pair, the archive of a tar).</summary>
    public string DataPath => data.Path;

    public override bool IsReal => !data.Layout.Format.IsComplex;

    public override string? ChannelLabel => data.Layout.Channels > 1 ? $"channel {data.Layout.Channel} of {data.Layout.Channels}" : null;

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq) => data.Read(firstSample, interleavedIq);

    public override void Dispose() => data.Dispose();
}
