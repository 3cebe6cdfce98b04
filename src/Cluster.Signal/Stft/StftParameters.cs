using System.Numerics;

namespace Cluster.Signal;

/// <summary>
/// What to transform: frames are consecutive non-overlapping blocks of <see cref="Lframes"/> samples,
/// numbered from 1; <see cref="StartFrame"/>..<see cref="EndFrame"/> is inclusive.
/// </summary>
public sealed record StftParameters
{
    public const int MaxLframes = 1 << 24;

    /// <summary>FFT length = samples per frame; a power of two.</summary>
    public int Lframes { get; init; } = 1024;

    /// <summary>Frames to take from <see cref="StartFrame"/> when <see cref="EndFrame"/> is not given.</summary>
    public int? Nframes { get; init; }

    /// <summary>Consecutive frames averaged into one spectrogram row.</summary>
    public int NAvg { get; init; } = 1;

    /// <summary>First frame, 1-based (default 1).</summary>
    public int? StartFrame { get; init; }

    /// <summary>Last frame, 1-based inclusive (default: the last whole frame of the file).</summary>
    public int? EndFrame { get; init; }

    /// <summary>null = the mode's default: none (Rect) for compat, Hann for psd.</summary>
    public WindowKind? Window { get; init; }

    public SpectrogramMode Mode { get; init; } = SpectrogramMode.Psd;

    public WindowKind EffectiveWindow => Window ?? (Mode == SpectrogramMode.Compat ? WindowKind.Rect : WindowKind.Hann);

    /// <summary>Checks the parameters on their own; messages start with the snake_case parameter name.</summary>
    public void Validate()
    {
        if (Lframes < 2 || Lframes > MaxLframes || !BitOperations.IsPow2(Lframes))
            throw new ArgumentException($"lframes: must be a power of two between 2 and {MaxLframes} (got {Lframes})");
        if (Nframes is < 1)
            throw new ArgumentException($"nframes: must be at least 1 (got {Nframes})");
        if (NAvg < 1)
            throw new ArgumentException($"n_avg: must be at least 1 (got {NAvg})");
        if (StartFrame is < 1)
            throw new ArgumentException($"start_frame: frames are numbered from 1 (got {StartFrame})");
        if (EndFrame is < 1)
            throw new ArgumentException($"end_frame: frames are numbered from 1 (got {EndFrame})");
        var start = StartFrame ?? 1;
        if (EndFrame is { } end)
        {
            if (start > end)
                throw new ArgumentException($"start_frame: must not exceed end_frame ({start} > {end})");
            if (Nframes is { } n && n != end - start + 1)
                throw new ArgumentException($"nframes: {n} contradicts start_frame..end_frame {start}..{end} ({end - start + 1} frames)");
        }
        if (Mode == SpectrogramMode.Compat && Window is { } window && window != WindowKind.Rect)
            throw new ArgumentException($"window: compat mode uses no window (got {window.Name()})");
        if (!Enum.IsDefined(Mode))
            throw new ArgumentException($"mode: unknown spectrogram mode {(int)Mode}");
        if (Window is { } w && !Enum.IsDefined(w))
            throw new ArgumentException($"window: unknown window {(int)w}");
    }
}
