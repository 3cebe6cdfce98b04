namespace Cluster.Signal;

public enum SpectrogramMode
{
    /// <summary>Windowed, calibrated power spectral density in dBm/Hz (50 ohm).</summary>
    Psd,
    /// <summary>iqtools get_power_spectrogram: |fftshift(fft(frame))|^2 in V^2, no window, no normalisation.</summary>
    Compat,
}
