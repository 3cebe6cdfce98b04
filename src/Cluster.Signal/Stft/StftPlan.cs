using Cluster.Signal.Fftw;

namespace Cluster.Signal;

/// <summary>Everything fixed for one STFT run: FFT plan, window, calibration and the block layout.</summary>
internal sealed class StftPlan
{
    // ~16k complex samples per FFT batch: input and output (256 kB) stay in L2 between read, FFT and |X|^2.
    private const int SamplesPerBatch = 1 << 14;
    // A block spans several batches so the last, partly filled batch of each block wastes little.
    private const int BatchesPerBlock = 8;

    public StftPlan(FrameSelection selection, StftParameters parameters, double sampleRate)
    {
        Selection = selection;
        Mode = parameters.Mode;
        Window = parameters.EffectiveWindow;
        var n = parameters.Lframes;
        Fft = BatchFft.Forward(n, Math.Max(1, SamplesPerBatch / n));
        GroupsPerBlock = Math.Max(1, BatchesPerBlock * Fft.Batch / selection.NAvg);
        BlockCount = (selection.Rows + GroupsPerBlock - 1) / GroupsPerBlock;

        var coefficients = WindowFunction.Coefficients(Window, n);
        if (Window != WindowKind.Rect)
        {
            InterleavedWindow = new float[2 * n];
            for (var i = 0; i < n; i++)
                InterleavedWindow[2 * i] = InterleavedWindow[2 * i + 1] = (float)coefficients[i];
        }
        if (Mode == SpectrogramMode.Psd)
        {
            // V^2/Hz = |X|^2 / (fs * sum w^2); the IQ amplitude is the RF peak voltage, so W/Hz = PSD / 2 / 50 ohm.
            var sumOfSquares = coefficients.Sum(w => w * w);
            PowerScale = (float)(1.0 / (sampleRate * sumOfSquares * 2 * 50));
        }
        else
        {
            PowerScale = 1f;
        }
    }

    public FrameSelection Selection { get; }
    public SpectrogramMode Mode { get; }
    public WindowKind Window { get; }
    public BatchFft Fft { get; }

    /// <summary>Window repeated for I and Q; null for the rectangular window.</summary>
    public float[]? InterleavedWindow { get; }

    /// <summary>Factor from |X|^2 to the linear row unit (V^2 or W/Hz).</summary>
    public float PowerScale { get; }

    public int GroupsPerBlock { get; }
    public int BlockCount { get; }

    /// <summary>Selected frames [first, end) of a block, 0-based within the selection.</summary>
    public (int First, int End) BlockFrames(int block)
    {
        var firstRow = block * GroupsPerBlock;
        var endRow = Math.Min(Selection.Rows, firstRow + GroupsPerBlock);
        return (firstRow * Selection.NAvg, endRow * Selection.NAvg);
    }

    /// <summary>Turns a row of summed linear power into its final unit: mean over the group, then dBm in psd mode.</summary>
    public void FinishRow(Span<float> row)
    {
        if (Selection.NAvg > 1)
            PowerKernels.Scale(row, 1f / Selection.NAvg);
        if (Mode == SpectrogramMode.Psd)
            PowerKernels.WattsToDbm(row);
    }
}
