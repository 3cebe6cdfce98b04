namespace Cluster.Signal;

/// <summary>A time-frequency power map; <see cref="Power"/> is row-major [Rows (time), Columns (frequency)].</summary>
public sealed class Spectrogram
{
    public Spectrogram(double[] frequencyHz, double[] timeS, float[] power, SpectrogramMode mode, WindowKind window,
        double centerFrequency, double sampleRate, int firstFrame, int framesUsed, int droppedFrames, int nAvg)
    {
        if ((long)frequencyHz.Length * timeS.Length != power.Length)
            throw new ArgumentException($"power: has {power.Length} values, expected {timeS.Length} x {frequencyHz.Length}");
        FrequencyHz = frequencyHz;
        TimeS = timeS;
        Power = power;
        Mode = mode;
        Window = window;
        CenterFrequency = centerFrequency;
        SampleRate = sampleRate;
        FirstFrame = firstFrame;
        FramesUsed = framesUsed;
        DroppedFrames = droppedFrames;
        NAvg = nAvg;
    }

    public int Rows => TimeS.Length;
    public int Columns => FrequencyHz.Length;

    /// <summary>Column frequencies: absolute in psd mode, offsets from the centre (iqtools' axis) in compat mode.</summary>
    public double[] FrequencyHz { get; }

    /// <summary>Row times from the start of the recording: mean time of the frames averaged into the row.</summary>
    public double[] TimeS { get; }

    public float[] Power { get; }
    public SpectrogramMode Mode { get; }
    public WindowKind Window { get; }

    /// <summary>"V^2" in compat mode, "dBm/Hz" in psd mode.</summary>
    public string PowerUnit => Mode == SpectrogramMode.Compat ? "V^2" : "dBm/Hz";

    public double CenterFrequency { get; }
    public double SampleRate { get; }

    /// <summary>1-based number of the first frame used.</summary>
    public int FirstFrame { get; }

    public int FramesUsed { get; }

    /// <summary>Selected frames left over after the last complete n_avg group.</summary>
    public int DroppedFrames { get; }

    public int NAvg { get; }

    public ReadOnlySpan<float> Row(int row) => Power.AsSpan(row * Columns, Columns);
}
