using Cluster.Plotting;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>The text forms of iq-spectrogram parameters, shared by job specs and the command line.</summary>
public static class IqSpectrogramText
{
    public static SpectrogramMode Mode(string? text) => text?.ToLowerInvariant() switch
    {
        null or "psd" => SpectrogramMode.Psd,
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

    public static ColorScale ColorScale(string text) => text.ToLowerInvariant() switch
    {
        "linear" => Plotting.ColorScale.Linear,
        "db" or "decibel" => Plotting.ColorScale.Decibel,
        _ => throw new ArgumentException($"color_scale: must be linear or db (got '{text}')"),
    };

    /// <summary>A SigMF datatype name (cf32, ci16_le, cu8, ri16_be, ...); null stays null (the extension decides).</summary>
    public static SampleFormat? RawFormat(string? text) => text is null ? null : SampleFormat.Parse(text, "raw_format");
}
