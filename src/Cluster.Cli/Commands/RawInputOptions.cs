using Cluster.Processors.IqSpectrogram;
using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary>Raw recordings carry no header: the command line gives their sample rate, centre and sample format.</summary>
public static class RawInputOptions
{
    /// <summary>Sample rate is required for raw input; the format follows the extension (.ci16) unless given.</summary>
    public static RawIqOptions? FromCommandLine(string fileName, double? sampleRate, double? centerFrequency, string? format)
    {
        if (sampleRate is null)
        {
            if (format is not null)
                throw new ArgumentException("sample_rate: required with --raw-format");
            return null;
        }
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate.Value))
            throw new ArgumentException($"sample_rate: must be a positive frequency in Hz (got {sampleRate})");
        var kind = IqSpectrogramText.RawFormat(format ?? (fileName.EndsWith(".ci16", StringComparison.OrdinalIgnoreCase) ? "ci16" : "cf32"));
        return new RawIqOptions(sampleRate.Value, centerFrequency ?? 0.0, kind);
    }
}
