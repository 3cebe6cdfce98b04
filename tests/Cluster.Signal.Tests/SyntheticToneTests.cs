using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>A tone of known frequency and amplitude, stored in every format, must come out where and how strong it went in.</summary>
public sealed class SyntheticToneTests
{
    private const double SampleRate = 1_000_000;
    private const double Center = 100e6;
    private const int Lframes = 256;
    private const int Frames = 40;
    private const double Amplitude = 0.5;
    // A negative bin: a wrong fftshift direction or a mirrored axis moves the peak.
    private const int ToneBin = -37;

    public static TheoryData<StoredFormat, WindowKind> FormatsAndWindows()
    {
        var data = new TheoryData<StoredFormat, WindowKind>();
        foreach (var format in Enum.GetValues<StoredFormat>())
            foreach (var window in Enum.GetValues<WindowKind>())
                data.Add(format, window);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndWindows))]
    public void Psd_peak_is_at_the_tone_and_integrates_to_its_power(StoredFormat format, WindowKind window)
    {
        using var dir = new TempDirectory();
        var frequency = ToneBin * SampleRate / Lframes;
        var (path, raw) = SyntheticRecordings.Write(dir, format, SyntheticRecordings.Tone(Lframes * Frames, SampleRate, frequency, Amplitude), SampleRate, Center);
        using var recording = IqFile.Open(path, raw);
        Assert.Equal(Lframes * Frames, recording.SampleCount);
        Assert.Equal(SampleRate, recording.SampleRate);
        Assert.Equal(Center, recording.CenterFrequency);

        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = Lframes, Window = window, NAvg = 4 });
        Assert.Equal(10, spectrogram.Rows);
        for (var row = 0; row < spectrogram.Rows; row++)
        {
            var power = spectrogram.Row(row);
            var peak = power.IndexOf(MaxOf(power));
            Assert.Equal(Lframes / 2 + ToneBin, peak);
            Assert.Equal(Center + frequency, spectrogram.FrequencyHz[peak], 1e-6);

            var watts = 0.0;
            foreach (var dbmPerHz in power)
                watts += Math.Pow(10, dbmPerHz / 10) / 1000 * SampleRate / Lframes;
            var expectedDbm = 10 * Math.Log10(Amplitude * Amplitude / 100 * 1000);
            Assert.Equal(expectedDbm, 10 * Math.Log10(watts * 1000), 0.1);
        }
    }

    [Theory]
    [InlineData(StoredFormat.Tiq)]
    [InlineData(StoredFormat.SigMfCi16)]
    [InlineData(StoredFormat.RawCf32)]
    public void Compat_peak_is_the_unnormalised_bin_power(StoredFormat format)
    {
        using var dir = new TempDirectory();
        var frequency = ToneBin * SampleRate / Lframes;
        var (path, raw) = SyntheticRecordings.Write(dir, format, SyntheticRecordings.Tone(Lframes * Frames, SampleRate, frequency, Amplitude), SampleRate, Center);
        using var recording = IqFile.Open(path, raw);
        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = Lframes, Mode = SpectrogramMode.Compat });

        Assert.Equal(Frames, spectrogram.Rows);
        var peak = Lframes / 2 + ToneBin;
        // iqtools' compat axis is an offset from the centre, half a bin below fftshift(fftfreq).
        Assert.Equal(frequency + 0.5 * SampleRate / Lframes, spectrogram.FrequencyHz[peak], 1e-6);
        for (var row = 0; row < Frames; row++)
        {
            var power = spectrogram.Row(row);
            Assert.Equal(peak, power.IndexOf(MaxOf(power)));
            // |sum A e^{i...}|^2 = (A n)^2 for a tone exactly on a bin and no window.
            Assert.Equal(Math.Pow(Amplitude * Lframes, 2), power[peak], Math.Pow(Amplitude * Lframes, 2) * 1e-3);
        }
    }

    [Fact]
    public void Headers_carry_rate_centre_and_time()
    {
        using var dir = new TempDirectory();
        var iq = SyntheticRecordings.Tone(1000, SampleRate, 1000, 0.1);
        foreach (var format in new[] { StoredFormat.Tiq, StoredFormat.SigMfCi32 })
        {
            var (path, raw) = SyntheticRecordings.Write(dir, format, iq, SampleRate, Center);
            using var recording = IqFile.Open(path, raw);
            Assert.Equal(SyntheticRecordings.Time, recording.StartTime);
            Assert.Equal(format == StoredFormat.Tiq ? "tiq int32" : "sigmf ci32_le", recording.Format);
            var volts = new float[2000];
            recording.Read(0, volts);
            for (var i = 0; i < volts.Length; i++)
                Assert.Equal(iq[i], volts[i], 1e-7);
        }
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }
}
