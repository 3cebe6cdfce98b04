using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary>What the command line adds to a recording: rate and centre (supplied or overriding), raw sample type, channel, checksum.</summary>
public static class RawInputOptions
{
    public static IqOpenOptions FromCommandLine(double? sampleRate, double? centerFrequency, string? rawFormat, int channel, bool noVerifySha512,
        string? inputFormat)
    {
        if (sampleRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentException($"sample_rate: must be a positive frequency in Hz (got {rate})");
        return new IqOpenOptions
        {
            SampleRate = sampleRate,
            CenterFrequency = centerFrequency,
            RawFormat = IqSpectrogramText.RawFormat(rawFormat),
            Channel = channel,
            VerifySha512 = !noVerifySha512,
            InputFormat = inputFormat,
        };
    }
}
