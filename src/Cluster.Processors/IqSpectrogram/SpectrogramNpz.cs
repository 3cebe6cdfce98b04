using Cluster.Formats;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>The NPZ layout users load with numpy: <c>frequency_hz</c>, <c>time_s</c> and <c>power[time, frequency]</c>, all f8.</summary>
public static class SpectrogramNpz
{
    public static void Write(Stream output, Spectrogram spectrogram)
    {
        using var npz = new NpzWriter(output, compress: false);
        npz.Add("frequency_hz", NpyArray.Create(spectrogram.FrequencyHz, spectrogram.Columns));
        npz.Add("time_s", NpyArray.Create(spectrogram.TimeS, spectrogram.Rows));
        npz.AddFloat64("power", spectrogram.Power, spectrogram.Rows, spectrogram.Columns);
    }
}
