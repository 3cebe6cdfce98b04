using Cluster.Signal;

namespace Cluster.Cli.Commands;

/// <summary>Parses the text forms of spectrogram parameters, with messages that name the parameter.</summary>
public static class ParameterText
{
    public static SpectrogramMode Mode(string text) => text.ToLowerInvariant() switch
    {
        "psd" => SpectrogramMode.Psd,
        "compat" => SpectrogramMode.Compat,
        _ => throw new ArgumentException($"mode: must be psd or compat (got '{text}')"),
    };

    public static WindowKind? Window(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "rect" or "rectangular" or "none" => WindowKind.Rect,
        "hann" or "hanning" => WindowKind.Hann,
        "blackman" => WindowKind.Blackman,
        _ => throw new ArgumentException($"window: must be rect, hann or blackman (got '{text}')"),
    };

    /// <summary>Raw files carry no header: sample rate is required, the format follows the extension unless given.</summary>
    public static RawIqOptions? Raw(string fileName, double? sampleRate, double? centerFrequency, string? format)
    {
        if (sampleRate is null)
        {
            if (format is not null)
                throw new ArgumentException("sample_rate: required with --raw-format");
            return null;
        }
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate.Value))
            throw new ArgumentException($"sample_rate: must be a positive frequency in Hz (got {sampleRate})");
        var kind = (format ?? (fileName.EndsWith(".ci16", StringComparison.OrdinalIgnoreCase) ? "ci16" : "cf32")).ToLowerInvariant() switch
        {
            "cf32" => RawSampleFormat.Cf32,
            "ci16" => RawSampleFormat.Ci16,
            var other => throw new ArgumentException($"raw_format: must be cf32 or ci16 (got '{other}')"),
        };
        return new RawIqOptions(sampleRate.Value, centerFrequency ?? 0.0, kind);
    }
}
