namespace Cluster.Signal;

/// <summary>
/// How samples lie in a file: their type, how many channels share a frame (channel 0's components first), which channel
/// is read, the normalisation to volts (v = (raw - Offset) * Scale) and whether Q precedes I (Tektronix .iqt).
/// </summary>
internal sealed record SampleLayout(SampleFormat Format, int Channels, int Channel, double Scale, double Offset, bool QFirst = false)
{
    /// <summary>One channel of <paramref name="format"/> with SigMF's full-scale normalisation.</summary>
    public static SampleLayout Of(SampleFormat format, int channels = 1, int channel = 0)
    {
        var (scale, offset) = format.FullScale();
        return new SampleLayout(format, channels, channel, scale, offset);
    }

    public int FrameBytes => Channels * Format.Components * Format.ComponentBytes;

    /// <summary>"int16 I/Q" or "real int16", for messages.</summary>
    public string Describe() =>
        (Format.IsComplex ? $"{TypeName} I/Q" : $"real {TypeName}") + (Channels > 1 ? $" x {Channels} channels" : "");

    private string TypeName => Format.Type switch
    {
        ComponentType.F64 => "float64",
        ComponentType.F32 => "float32",
        ComponentType.I32 => "int32",
        ComponentType.I16 => "int16",
        ComponentType.I8 => "int8",
        ComponentType.U32 => "uint32",
        ComponentType.U16 => "uint16",
        _ => "uint8",
    };

    /// <summary>Checks the channel choice against the file; the message names the parameter.</summary>
    public void CheckChannel(string path)
    {
        if (Channels < 1)
            throw new InvalidIqFileException(path, $"number of channels must be at least 1 (got {Channels})");
        if (Channel < 0 || Channel >= Channels)
            throw new InvalidIqFileException(path, $"channel {Channel} requested but the recording holds {Channels} channel(s), numbered from 0");
    }
}
