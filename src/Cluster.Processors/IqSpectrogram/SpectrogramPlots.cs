using Cluster.Plotting;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>Turns a computed spectrogram into the full and the zoomed figure descriptions.</summary>
internal static class SpectrogramPlots
{
    public static SpectrogramPlot Full(Spectrogram spectrogram, string stem, IqSpectrogramParameters parameters) =>
        Plot(spectrogram, spectrogram.FrequencyHz, spectrogram.Power, $"{stem}: {Describe(spectrogram, parameters)}", parameters);

    public static SpectrogramPlot Zoomed(Spectrogram spectrogram, string stem, IqSpectrogramParameters parameters, Range columns)
    {
        var (first, count) = columns.GetOffsetAndLength(spectrogram.Columns);
        var values = new float[spectrogram.Rows * count];
        for (var row = 0; row < spectrogram.Rows; row++)
            spectrogram.Power.AsSpan(row * spectrogram.Columns + first, count).CopyTo(values.AsSpan(row * count, count));
        return Plot(spectrogram, spectrogram.FrequencyHz[columns], values, $"{stem} (zoom): {Describe(spectrogram, parameters)}", parameters);
    }

    private static SpectrogramPlot Plot(Spectrogram spectrogram, double[] frequency, float[] values, string title,
        IqSpectrogramParameters parameters)
    {
        var psd = spectrogram.Mode == SpectrogramMode.Psd;
        var scale = parameters.ColorScale ?? (psd ? ColorScale.Linear : ColorScale.Decibel);
        return new SpectrogramPlot
        {
            FrequencyHz = frequency,
            CenterFrequencyHz = spectrogram.CenterFrequency,
            FrequencyIsOffset = !psd,
            TimeS = spectrogram.TimeS,
            Values = values,
            Title = title,
            ColorbarLabel = psd ? "PSD (dBm/Hz)" : scale == ColorScale.Decibel ? "Power (dB re 1 V²)" : "Power (V²)",
            ColorScale = scale,
            Colormap = parameters.Colormap,
            VMin = parameters.VMin,
            VMax = parameters.VMax,
        };
    }

    private static string Describe(Spectrogram s, IqSpectrogramParameters p) =>
        $"{(s.Mode == SpectrogramMode.Psd ? "PSD" : "power (iqtools compat)")}, lframes={p.Stft.Lframes}" +
        (p.Stft.NAvg > 1 ? $", n_avg={p.Stft.NAvg}" : "");
}
