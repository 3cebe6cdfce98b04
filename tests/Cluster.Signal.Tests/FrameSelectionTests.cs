using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>start_frame/end_frame/nframes/n_avg select exactly the frames they name, and threads change nothing.</summary>
public sealed class FrameSelectionTests
{
    private const double SampleRate = 250_000;
    private const int Lframes = 1024;

    private static (TempDirectory Dir, IqRecording Recording) NoisyRecording(int frames, StoredFormat format = StoredFormat.Tiq)
    {
        var dir = new TempDirectory();
        var iq = SyntheticRecordings.Tone(Lframes * frames, SampleRate, 12_345, 0.2, noise: 0.05, seed: 7);
        var (path, raw) = SyntheticRecordings.Write(dir, format, iq, SampleRate, 433.92e6);
        return (dir, IqFile.Open(path, raw));
    }

    [Theory]
    [InlineData(SpectrogramMode.Compat)]
    [InlineData(SpectrogramMode.Psd)]
    public void A_frame_range_gives_the_matching_rows_of_the_full_spectrogram(SpectrogramMode mode)
    {
        var (dir, recording) = NoisyRecording(60);
        using (dir)
        using (recording)
        {
            var full = Stft.Compute(recording, new StftParameters { Lframes = Lframes, Mode = mode });
            Assert.Equal(60, full.Rows);
            var part = Stft.Compute(recording, new StftParameters { Lframes = Lframes, Mode = mode, StartFrame = 17, EndFrame = 41 });

            Assert.Equal(41 - 17 + 1, part.Rows);
            Assert.Equal(17, part.FirstFrame);
            Assert.Equal(25, part.FramesUsed);
            for (var row = 0; row < part.Rows; row++)
            {
                Assert.Equal(full.TimeS[16 + row], part.TimeS[row]);
                var expected = full.Row(16 + row);
                var actual = part.Row(row);
                for (var col = 0; col < Lframes; col++)
                    Assert.Equal(expected[col], actual[col], Math.Abs(expected[col]) * 1e-5 + 1e-6);
            }
        }
    }

    [Fact]
    public void Nframes_counts_from_start_frame()
    {
        var (dir, recording) = NoisyRecording(30);
        using (dir)
        using (recording)
        {
            var spectrogram = Stft.Compute(recording, new StftParameters { Lframes = Lframes, StartFrame = 5, Nframes = 10, Mode = SpectrogramMode.Compat });
            Assert.Equal(10, spectrogram.Rows);
            Assert.Equal(5, spectrogram.FirstFrame);
            Assert.Equal(4 * Lframes / SampleRate, spectrogram.TimeS[0], 1e-12);
            Assert.Equal(13 * Lframes / SampleRate, spectrogram.TimeS[^1], 1e-12);

            // nframes and end_frame may both be given when they agree.
            var same = Stft.Compute(recording, new StftParameters { Lframes = Lframes, StartFrame = 5, Nframes = 10, EndFrame = 14, Mode = SpectrogramMode.Compat });
            Assert.Equal(spectrogram.Power, same.Power);
        }
    }

    [Fact]
    public void N_avg_remainder_is_dropped_and_reported()
    {
        var (dir, recording) = NoisyRecording(30);
        using (dir)
        using (recording)
        {
            var single = Stft.Compute(recording, new StftParameters { Lframes = Lframes, StartFrame = 2, EndFrame = 24, Mode = SpectrogramMode.Compat });
            var averaged = Stft.Compute(recording, new StftParameters { Lframes = Lframes, StartFrame = 2, EndFrame = 24, NAvg = 5, Mode = SpectrogramMode.Compat });
            Assert.Equal(4, averaged.Rows);
            Assert.Equal(20, averaged.FramesUsed);
            Assert.Equal(3, averaged.DroppedFrames);
            for (var row = 0; row < 4; row++)
            {
                Assert.Equal(single.TimeS.Skip(5 * row).Take(5).Average(), averaged.TimeS[row], 1e-12);
                for (var col = 0; col < Lframes; col++)
                {
                    var mean = Enumerable.Range(5 * row, 5).Average(r => (double)single.Row(r)[col]);
                    Assert.Equal(mean, averaged.Row(row)[col], mean * 1e-5);
                }
            }
        }
    }

    [Theory]
    [InlineData(SpectrogramMode.Compat, 1)]
    [InlineData(SpectrogramMode.Psd, 1)]
    [InlineData(SpectrogramMode.Psd, 3)]
    public void One_and_two_threads_give_bit_identical_results(SpectrogramMode mode, int nAvg)
    {
        // 1000 frames of 1024 are several work blocks, so two workers really share them.
        var (dir, recording) = NoisyRecording(1000, StoredFormat.RawCf32);
        using (dir)
        using (recording)
        {
            var parameters = new StftParameters { Lframes = Lframes, Mode = mode, NAvg = nAvg };
            var reports = new List<double>();
            var one = Stft.Compute(recording, parameters, maxThreads: 1, progress: new SynchronousProgress(reports));
            var two = Stft.Compute(recording, parameters, maxThreads: 2);
            Assert.Equal(1000 / nAvg, one.Rows);
            Assert.Equal(one.Power, two.Power);
            Assert.Equal(one.TimeS, two.TimeS);
            Assert.True(reports.Count > 1, "progress reported per block");
            Assert.Equal(1.0, reports[^1]);
        }
    }

    [Fact]
    public void Cancellation_stops_the_computation()
    {
        var (dir, recording) = NoisyRecording(100);
        using (dir)
        using (recording)
        {
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() =>
                Stft.Compute(recording, new StftParameters { Lframes = Lframes }, ct: cancelled.Token));
        }
    }

    /// <summary>Progress&lt;T&gt; posts asynchronously; tests need the reports in hand when Compute returns.</summary>
    private sealed class SynchronousProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
