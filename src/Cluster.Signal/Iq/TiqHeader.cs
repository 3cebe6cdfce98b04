namespace Cluster.Signal;

/// <summary>The fields of a Tektronix .tiq XML header that iqtools reads, with their header names.</summary>
public sealed record TiqHeader
{
    /// <summary>Byte offset of the first sample: the XML header's length, from &lt;DataFile offset="…"&gt;.</summary>
    public required long DataOffset { get; init; }
    public required double SamplingFrequency { get; init; }
    /// <summary>ProductSpecific/Frequency in Hz.</summary>
    public required double CenterFrequency { get; init; }
    public required long NumberSamples { get; init; }
    /// <summary>Volts per LSB of the int32 samples.</summary>
    public required double Scaling { get; init; }
    public string? DateTime { get; init; }
    public double? AcquisitionBandwidth { get; init; }
    public double? RFAttenuation { get; init; }
    /// <summary>The last NumericParameter with pid specanrange or globalrange.</summary>
    public double? Span { get; init; }
    /// <summary>NumericParameter pid fmtRBW.</summary>
    public double? Rbw { get; init; }
    public required string NumberFormat { get; init; }
    public required string Endian { get; init; }
}
