using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>The genuine RSA5103A recording from iqtools against the values numpy/iqtools computed from it.</summary>
public sealed class IqtoolsFixtureTests
{
    private static readonly string TiqPath = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0_first102400.tiq");
    private static readonly string BinPath = RepositoryPaths.Fixture("iqtools", "p_400_MeV_u_332_uA_0.bin");
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("iqtools", "expected_values.json"))).RootElement;

    private static double Number(string section, string name) => Expected.GetProperty(section).GetProperty(name).GetDouble();

    [Fact]
    public void Header_fields_match_iqtools()
    {
        using var recording = (TiqRecording)IqFile.Open(TiqPath);
        var header = recording.Header;
        Assert.Equal((long)Number("header", "data_offset"), header.DataOffset);
        Assert.Equal(Number("header", "SamplingFrequency_Hz"), header.SamplingFrequency);
        Assert.Equal(Number("header", "Frequency_center_Hz"), header.CenterFrequency);
        Assert.Equal((long)Number("header", "NumberSamples_in_this_file"), header.NumberSamples);
        Assert.Equal(Number("header", "Scaling_V_per_LSB"), header.Scaling);
        Assert.Equal(Number("header", "AcquisitionBandwidth_Hz"), header.AcquisitionBandwidth);
        Assert.Equal(Number("header", "RFAttenuation_dB"), header.RFAttenuation);
        Assert.Equal(Number("header", "Span_Hz(last matching specanrange|globalrange)"), header.Span);
        Assert.Equal(Number("header", "RBW_Hz(fmtRBW)"), header.Rbw);
        Assert.Equal(Expected.GetProperty("header").GetProperty("DateTime").GetString(), header.DateTime);
        Assert.Equal("Int32", header.NumberFormat);
        Assert.Equal("Little", header.Endian);

        Assert.Equal("tiq int32", recording.Format);
        Assert.Equal(390625.0, recording.SampleRate);
        Assert.Equal(244778900.0, recording.CenterFrequency);
        Assert.Equal(102400, recording.SampleCount);
        Assert.Equal(new DateTimeOffset(2014, 8, 1, 10, 33, 15, TimeSpan.FromHours(2)).AddTicks(9782727), recording.StartTime);
    }

    [Fact]
    public void First_samples_are_int32_times_scaling_in_volts()
    {
        using var recording = IqFile.Open(TiqPath);
        var volts = new float[8];
        recording.Read(0, volts);
        var expected = Expected.GetProperty("first_samples_volts").EnumerateArray()
            .SelectMany(pair => pair.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        Assert.Equal(8, expected.Length);
        for (var i = 0; i < 8; i++)
            Assert.Equal(expected[i], volts[i], Math.Abs(expected[i]) * 1e-6);

        // A read further in must see the same samples as a read from the start.
        var block = new float[2 * 300];
        recording.Read(0, block);
        var shifted = new float[2 * 100];
        recording.Read(200, shifted);
        Assert.Equal(block.AsSpan(400).ToArray(), shifted);
    }

    [Fact]
    public void Compat_spectrogram_reproduces_get_power_spectrogram()
    {
        var reference = Float32Npy.Read(RepositoryPaths.Fixture("iqtools", "expected_power_spectrogram_n100_l1024.npy"));
        Assert.Equal([100, 1024], reference.Shape);
        using var recording = IqFile.Open(TiqPath);
        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = 1024, Nframes = 100, Mode = SpectrogramMode.Compat });

        Assert.Equal(100, spectrogram.Rows);
        Assert.Equal(1024, spectrogram.Columns);
        Assert.Equal("V^2", spectrogram.PowerUnit);
        Assert.Equal(WindowKind.Rect, spectrogram.Window);
        Assert.True(Compare.RelativeToPeak(spectrogram.Power, reference.Data) < 1e-4);
        Assert.True(Compare.ElementwiseRelative(spectrogram.Power, reference.Data, 1e-6) < 1e-4);

        var spec = Expected.GetProperty("spectrogram");
        Assert.Equal(spec.GetProperty("zz_sum").GetDouble(), spectrogram.Power.Sum(v => (double)v), 842.7 * 1e-5);
        var argmax = Array.IndexOf(spectrogram.Power, spectrogram.Power.Max());
        Assert.Equal(spec.GetProperty("zz_argmax_row_col")[0].GetInt32(), argmax / 1024);
        Assert.Equal(spec.GetProperty("zz_argmax_row_col")[1].GetInt32(), argmax % 1024);
        Assert.Equal(spec.GetProperty("zz_max").GetDouble(), spectrogram.Power[argmax], 2.86 * 1e-5);
        Assert.Equal(spec.GetProperty("zz_00").GetDouble(), spectrogram.Power[0], 3.69e-6 * 1e-3);
        Assert.Equal(spec.GetProperty("zz_0_512").GetDouble(), spectrogram.Power[512], 0.286 * 1e-5);

        // The reference axis was computed in float32: ours, in double, rounds to it.
        Assert.Equal(spec.GetProperty("xx_Hz_first").GetDouble(), (float)spectrogram.FrequencyHz[0]);
        Assert.Equal(spec.GetProperty("xx_Hz_last").GetDouble(), (float)spectrogram.FrequencyHz[^1]);
        Assert.Equal(-511.5 * 390625.0 / 1024, spectrogram.FrequencyHz[0]);
        Assert.Equal(spec.GetProperty("xx_step_Hz").GetDouble(), spectrogram.FrequencyHz[1] - spectrogram.FrequencyHz[0], 1e-9);
        Assert.Equal(spec.GetProperty("yy_s_first").GetDouble(), spectrogram.TimeS[0]);
        Assert.Equal(spec.GetProperty("yy_s_step").GetDouble(), spectrogram.TimeS[1] - spectrogram.TimeS[0], 1e-15);
        Assert.Equal(99 * 0.00262144, spectrogram.TimeS[^1], 1e-12);
    }

    [Fact]
    public void Compat_average_of_four_reproduces_get_averaged_spectrogram()
    {
        var reference = Float32Npy.Read(RepositoryPaths.Fixture("iqtools", "expected_power_spectrogram_n100_l1024_avg4.npy"));
        Assert.Equal([25, 1024], reference.Shape);
        using var recording = IqFile.Open(TiqPath);
        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = 1024, Nframes = 100, NAvg = 4, Mode = SpectrogramMode.Compat });

        Assert.Equal(25, spectrogram.Rows);
        Assert.Equal(100, spectrogram.FramesUsed);
        Assert.Equal(0, spectrogram.DroppedFrames);
        Assert.True(Compare.RelativeToPeak(spectrogram.Power, reference.Data) < 1e-4);
        Assert.True(Compare.ElementwiseRelative(spectrogram.Power, reference.Data, 1e-6) < 1e-4);
        var times = Expected.GetProperty("averaged_every_4").GetProperty("yy_avg_first3").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (var i = 0; i < 3; i++)
            Assert.Equal(times[i], spectrogram.TimeS[i], 1e-9);
    }

    [Fact]
    public void Average_of_three_drops_the_last_frame_and_means_the_reference_rows()
    {
        var reference = Float32Npy.Read(RepositoryPaths.Fixture("iqtools", "expected_power_spectrogram_n100_l1024.npy"));
        using var recording = IqFile.Open(TiqPath);
        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = 1024, NAvg = 3, Mode = SpectrogramMode.Compat });

        Assert.Equal(33, spectrogram.Rows);
        Assert.Equal(99, spectrogram.FramesUsed);
        Assert.Equal(1, spectrogram.DroppedFrames);
        var means = new float[33 * 1024];
        for (var row = 0; row < 33; row++)
            for (var col = 0; col < 1024; col++)
                means[row * 1024 + col] = (reference.Data[(3 * row) * 1024 + col] + reference.Data[(3 * row + 1) * 1024 + col] + reference.Data[(3 * row + 2) * 1024 + col]) / 3;
        Assert.True(Compare.ElementwiseRelative(spectrogram.Power, means, 1e-6) < 1e-4);
        Assert.Equal(97 * 0.00262144, spectrogram.TimeS[^1], 1e-12);
    }

    [Fact]
    public void Raw_bin_of_the_same_samples_gives_the_same_spectrogram()
    {
        using var tiq = IqFile.Open(TiqPath);
        using var bin = IqFile.Open(BinPath, new IqOpenOptions { SampleRate = 390625, CenterFrequency = 244778900 });
        Assert.Equal("raw cf32_le", bin.Format);
        Assert.Equal(tiq.SampleCount, bin.SampleCount);
        var parameters = new StftParameters { Lframes = 1024, Mode = SpectrogramMode.Compat };
        var fromTiq = Stft.Compute(tiq, parameters);
        var fromBin = Stft.Compute(bin, parameters);
        Assert.Equal(fromTiq.FrequencyHz, fromBin.FrequencyHz);
        Assert.Equal(fromTiq.TimeS, fromBin.TimeS);
        var elementwise = Compare.ElementwiseRelative(fromBin.Power, fromTiq.Power, 1e-6);
        // Same samples, rounded once to float32 (.bin) or to int32 then scaled in float32 (.tiq).
        Assert.True(Compare.RelativeToPeak(fromBin.Power, fromTiq.Power) < 1e-6);
        Assert.True(elementwise < 1e-4, $"elementwise relative difference {elementwise}");
    }

    [Fact]
    public void Psd_matches_an_independent_numpy_computation()
    {
        using var recording = IqFile.Open(BinPath, new IqOpenOptions { SampleRate = 390625, CenterFrequency = 244778900 });
        var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = 512, NAvg = 5, StartFrame = 3, EndFrame = 197 });
        Assert.Equal("dBm/Hz", spectrogram.PowerUnit);
        Assert.Equal(WindowKind.Hann, spectrogram.Window);
        Assert.Equal(39, spectrogram.Rows);
        Assert.Equal(0, spectrogram.DroppedFrames);

        // Frames 3..197 of 512 samples, periodic Hann, V^2/Hz -> W/Hz into 50 ohm (/2/50) -> mean of 5 -> dBm/Hz.
        const string script = """
            import sys, numpy as np
            from scipy.signal import get_window
            x = np.fromfile(sys.argv[1], dtype='<c8').astype(np.complex128)
            n, fs, fc = 512, 390625.0, 244778900.0
            frames = x[2*n:197*n].reshape(-1, n)
            w = get_window('hann', n)
            p = np.abs(np.fft.fftshift(np.fft.fft(frames * w, axis=1), axes=1))**2 / (fs * np.sum(w**2)) / 100
            p = p.reshape(-1, 5, n).mean(axis=1)
            db = 10*np.log10(np.where(p > 0, p, 1e-30) * 1000)
            f = fc + np.fft.fftshift(np.fft.fftfreq(n, 1/fs))
            t = (np.arange(2, 197).reshape(-1, 5).mean(axis=1)) * n / fs
            np.savetxt(sys.stdout, db.ravel()[:, None], fmt='%.9g')
            print('F', ' '.join('%.6f' % v for v in f))
            print('T', ' '.join('%.12g' % v for v in t))
            """;
        var lines = Python.Run(script, BinPath).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expectedDb = lines.Where(l => !l.StartsWith('F') && !l.StartsWith('T')).Select(double.Parse).ToArray();
        var expectedF = lines.Single(l => l.StartsWith('F')).Split(' ').Skip(1).Select(double.Parse).ToArray();
        var expectedT = lines.Single(l => l.StartsWith('T')).Split(' ').Skip(1).Select(double.Parse).ToArray();

        Assert.Equal(spectrogram.Power.Length, expectedDb.Length);
        // float32 FFTs resolve ~120 dB below a row's peak; the analyser's stopband lies deeper, so bins more
        // than 80 dB under their row's peak only need to agree to 1 dB and the rest to 0.01 dB.
        for (var row = 0; row < spectrogram.Rows; row++)
        {
            var peak = expectedDb.Skip(row * 512).Take(512).Max();
            for (var col = 0; col < 512; col++)
            {
                var i = row * 512 + col;
                var tolerance = expectedDb[i] > peak - 80 ? 0.01 : 1.5;
                Assert.True(Math.Abs(expectedDb[i] - spectrogram.Power[i]) < tolerance,
                    $"row {row} col {col}: numpy {expectedDb[i]} dBm/Hz, ours {spectrogram.Power[i]}");
            }
        }
        for (var i = 0; i < expectedF.Length; i++)
            Assert.Equal(expectedF[i], spectrogram.FrequencyHz[i], 1e-5);
        for (var i = 0; i < expectedT.Length; i++)
            Assert.Equal(expectedT[i], spectrogram.TimeS[i], 1e-12);
    }
}
