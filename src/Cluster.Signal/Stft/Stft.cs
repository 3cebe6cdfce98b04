using System.Runtime.ExceptionServices;
using Cluster.Signal.Memory;

namespace Cluster.Signal;

/// <summary>Short-time Fourier transform of an IQ recording into a (possibly averaged) spectrogram.</summary>
public static class Stft
{
    /// <summary>
    /// Transforms the frames of <paramref name="rec"/> selected by <paramref name="p"/>. Work is split into blocks
    /// of whole n_avg groups that <paramref name="maxThreads"/> workers (0 = all cores) take in turn; the result
    /// does not depend on the thread count. <paramref name="progress"/> receives the finished fraction (0..1).
    /// </summary>
    public static Spectrogram Compute(IqRecording rec, StftParameters p, int maxThreads = 0,
        IProgress<double>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rec);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentOutOfRangeException.ThrowIfNegative(maxThreads);
        var selection = FrameSelection.Resolve(p, rec.SampleCount, rec.Path);
        var plan = new StftPlan(selection, p, rec.SampleRate);
        var n = p.Lframes;
        // Every element is written: the first frame of each n_avg group stores, the others add.
        var power = LargeFloatArray.AllocateUninitialized((long)selection.Rows * n);

        var workerCount = Math.Min(maxThreads == 0 ? Environment.ProcessorCount : maxThreads, plan.BlockCount);
        var workers = new List<StftBlockWorker>(workerCount);
        try
        {
            for (var w = 0; w < workerCount; w++)
                workers.Add(new StftBlockWorker(plan));
            RunBlocks(rec, plan, workers, power, progress, ct);
        }
        finally
        {
            foreach (var worker in workers)
                worker.Dispose();
        }

        return new Spectrogram(FrequencyAxis(p.Mode, n, rec.SampleRate, rec.CenterFrequency),
            TimeAxis(selection, n, rec.SampleRate), power, p.Mode, plan.Window,
            rec.CenterFrequency, rec.SampleRate, selection.FirstFrame, selection.FramesUsed, selection.DroppedFrames, selection.NAvg);
    }

    private static void RunBlocks(IqRecording recording, StftPlan plan, List<StftBlockWorker> workers, float[] power,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var nextBlock = -1;
        var finishedBlocks = 0;
        var failed = false;
        var options = new ParallelOptions { MaxDegreeOfParallelism = workers.Count, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, workers.Count, options, w =>
            {
                int block;
                while (!Volatile.Read(ref failed) && (block = Interlocked.Increment(ref nextBlock)) < plan.BlockCount)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (first, end) = plan.BlockFrames(block);
                    try
                    {
                        workers[w].Process(recording, first, end, power);
                    }
                    catch
                    {
                        // Stops the other workers so the failure is reported once, not once per thread.
                        Volatile.Write(ref failed, true);
                        throw;
                    }
                    var finished = Interlocked.Increment(ref finishedBlocks);
                    progress?.Report((double)finished / plan.BlockCount);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// Compat: iqtools' offset axis (k - (n-1)/2) * fs/n, half a bin off fftshift(fftfreq).
    /// Psd: centre + fftshift(fftfreq(n, 1/fs)).
    /// </summary>
    public static double[] FrequencyAxis(SpectrogramMode mode, int lframes, double sampleRate, double centerFrequency)
    {
        var step = sampleRate / lframes;
        var axis = new double[lframes];
        for (var k = 0; k < lframes; k++)
        {
            axis[k] = mode == SpectrogramMode.Compat
                ? (k - (lframes - 1) / 2.0) * step
                : centerFrequency + (k - lframes / 2) * step;
        }
        return axis;
    }

    /// <summary>Row time = mean of its frames' start times, frame_index * lframes / fs with 0-based absolute frame_index.</summary>
    private static double[] TimeAxis(FrameSelection selection, int lframes, double sampleRate)
    {
        var times = new double[selection.Rows];
        var frameDuration = lframes / sampleRate;
        for (var row = 0; row < times.Length; row++)
        {
            var meanFrameIndex = selection.FirstFrame - 1 + (long)row * selection.NAvg + (selection.NAvg - 1) / 2.0;
            times[row] = meanFrameIndex * frameDuration;
        }
        return times;
    }
}
