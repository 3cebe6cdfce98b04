namespace Cluster.Plotting;

/// <summary>
/// Everything a spectrogram figure shows. <see cref="Values"/> is row-major [rows = <see cref="TimeS"/>,
/// columns = <see cref="FrequencyHz"/>] in linear units (power, not dB). Frequencies and times are cell
/// centres, increasing and evenly spaced (the axes are drawn from the first and last value).
/// </summary>
public sealed record SpectrogramPlot
{
    /// <summary>Column frequencies: absolute, or offsets from <see cref="CenterFrequencyHz"/> when <see cref="FrequencyIsOffset"/>.</summary>
    public required double[] FrequencyHz { get; init; }

    public double CenterFrequencyHz { get; init; }
    public bool FrequencyIsOffset { get; init; }

    /// <summary>Row times in seconds; drawn increasing upwards, as matplotlib (and iqtools) plot them.</summary>
    public required double[] TimeS { get; init; }

    public required float[] Values { get; init; }
    public string Title { get; init; } = "";
    public string ColorbarLabel { get; init; } = "";
    public ColorScale ColorScale { get; init; } = ColorScale.Linear;
    public string Colormap { get; init; } = Plotting.Colormap.DefaultName;

    /// <summary>Lower colour limit in the scale's units (dB for Decibel); default in <see cref="ColorNormalization"/>.</summary>
    public double? VMin { get; init; }

    public double? VMax { get; init; }

    internal void Validate()
    {
        if (FrequencyHz.Length == 0 || TimeS.Length == 0)
            throw new ArgumentException($"spectrogram needs at least one frequency and one time, got {FrequencyHz.Length} frequencies and {TimeS.Length} times");
        if (Values.Length != (long)FrequencyHz.Length * TimeS.Length)
            throw new ArgumentException(
                $"spectrogram Values has {Values.Length} entries, expected TimeS ({TimeS.Length}) × FrequencyHz ({FrequencyHz.Length}) = {(long)FrequencyHz.Length * TimeS.Length}");
        if (!double.IsFinite(CenterFrequencyHz))
            throw new ArgumentException($"spectrogram CenterFrequencyHz must be finite, got {CenterFrequencyHz}");
        RequireIncreasing(FrequencyHz, nameof(FrequencyHz));
        RequireIncreasing(TimeS, nameof(TimeS));
    }

    private static void RequireIncreasing(double[] axis, string name)
    {
        for (var i = 0; i < axis.Length; i++)
        {
            if (!double.IsFinite(axis[i]))
                throw new ArgumentException($"spectrogram {name}[{i}] is {axis[i]}; axis values must be finite");
            if (i > 0 && !(axis[i] > axis[i - 1]))
                throw new ArgumentException($"spectrogram {name} must increase, but [{i - 1}] = {axis[i - 1]} and [{i}] = {axis[i]}");
        }
    }
}
