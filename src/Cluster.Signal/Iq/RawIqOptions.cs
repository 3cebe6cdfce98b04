namespace Cluster.Signal;

/// <summary>Sample type of a headerless IQ file.</summary>
public enum RawSampleFormat
{
    /// <summary>float32 I,Q in volts.</summary>
    Cf32,
    /// <summary>int16 I,Q, full scale (32768) = 1 V.</summary>
    Ci16,
}

/// <summary>What a headerless IQ file cannot say about itself.</summary>
public sealed record RawIqOptions(double SampleRate, double CenterFrequency, RawSampleFormat Format);
