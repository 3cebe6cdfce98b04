using Cluster.Signal.Fftw;

namespace Cluster.Signal;

/// <summary>
/// One thread's share of an STFT: its own aligned FFT buffers, reused for every block it processes.
/// A block is a fixed run of whole n_avg groups, so each output row is produced by exactly one worker
/// in a fixed order, which keeps results bit-identical for any thread count.
/// </summary>
internal sealed unsafe class StftBlockWorker : IDisposable
{
    private readonly StftPlan plan;
    private readonly AlignedComplexBuffer input;
    private readonly AlignedComplexBuffer output;

    public StftBlockWorker(StftPlan plan)
    {
        this.plan = plan;
        input = new AlignedComplexBuffer(plan.Fft.Length * plan.Fft.Batch);
        try
        {
            output = new AlignedComplexBuffer(plan.Fft.Length * plan.Fft.Batch);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>Transforms selected frames [firstFrame, endFrame) (0-based within the selection) into their rows of power.</summary>
    public void Process(IqRecording recording, int firstFrame, int endFrame, float[] power)
    {
        var n = plan.Fft.Length;
        var batch = plan.Fft.Batch;
        var nAvg = plan.Selection.NAvg;
        var selectionStart = (long)(plan.Selection.FirstFrame - 1) * n;
        var half = n / 2;
        fixed (float* powerBase = power)
        {
            for (var chunk = firstFrame; chunk < endFrame; chunk += batch)
            {
                var frames = Math.Min(batch, endFrame - chunk);
                var samples = input.Interleaved;
                recording.Read(selectionStart + (long)chunk * n, samples[..(2 * frames * n)]);
                // The plan always transforms a full batch; zeros keep the unused tail free of denormals and NaNs.
                samples[(2 * frames * n)..].Clear();
                if (plan.InterleavedWindow is { } window)
                {
                    fixed (float* w = window)
                        for (var f = 0; f < frames; f++)
                            PowerKernels.Multiply(input.Pointer + 2L * f * n, w, 2 * n);
                }
                plan.Fft.Execute(input, output);

                for (var f = 0; f < frames; f++)
                {
                    var frame = chunk + f;
                    var row = frame / nAvg;
                    var positionInGroup = frame % nAvg;
                    var spectrum = output.Pointer + 2L * f * n;
                    var destination = powerBase + (long)row * n;
                    // fftshift: the upper half (negative frequencies) goes first.
                    PowerKernels.Power(spectrum + n, destination, half, plan.PowerScale, positionInGroup != 0);
                    PowerKernels.Power(spectrum, destination + half, half, plan.PowerScale, positionInGroup != 0);
                    if (positionInGroup == nAvg - 1)
                        plan.FinishRow(new Span<float>(destination, n));
                }
            }
        }
    }

    public void Dispose()
    {
        input.Dispose();
        output.Dispose();
    }
}
