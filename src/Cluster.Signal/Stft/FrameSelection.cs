namespace Cluster.Signal;

/// <summary>
/// The frames a spectrogram covers: <see cref="FrameCount"/> frames from 1-based <see cref="FirstFrame"/>,
/// averaged in groups of n_avg; the trailing frames that do not fill a group are dropped.
/// </summary>
public sealed record FrameSelection(int FirstFrame, int FrameCount, int NAvg)
{
    public int Rows => FrameCount / NAvg;
    public int FramesUsed => Rows * NAvg;
    public int DroppedFrames => FrameCount - FramesUsed;

    /// <summary>Applies validated parameters to a recording of <paramref name="sampleCount"/> samples named <paramref name="path"/>.</summary>
    public static FrameSelection Resolve(StftParameters parameters, long sampleCount, string path)
    {
        parameters.Validate();
        var lframes = parameters.Lframes;
        var total = sampleCount / lframes;
        if (total == 0)
            throw new ArgumentException($"lframes: {path} holds {sampleCount} samples, less than one frame of {lframes}");
        var available = $"{path} holds {total} frames of {lframes} samples";

        var start = parameters.StartFrame ?? 1;
        if (start > total)
            throw new ArgumentException($"start_frame: {start} is beyond the end: {available}");
        long end;
        if (parameters.EndFrame is { } endFrame)
        {
            if (endFrame > total)
                throw new ArgumentException($"end_frame: {endFrame} is beyond the end: {available}");
            end = endFrame;
        }
        else if (parameters.Nframes is { } nframes)
        {
            end = (long)start + nframes - 1;
            if (end > total)
                throw new ArgumentException($"nframes: frames {start}..{end} requested but {available}");
        }
        else
        {
            end = Math.Min(total, int.MaxValue);
        }

        var count = (int)(end - start + 1);
        if (count < parameters.NAvg)
            throw new ArgumentException($"n_avg: {parameters.NAvg} exceeds the {count} frames selected from {path}");
        var selection = new FrameSelection(start, count, parameters.NAvg);
        if ((long)selection.Rows * lframes > Array.MaxLength)
            throw new ArgumentException(
                $"n_avg: {selection.Rows} rows x {lframes} columns exceed the largest array; average more frames or select fewer from {path}");
        return selection;
    }
}
