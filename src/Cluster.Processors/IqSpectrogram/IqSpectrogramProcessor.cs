using Cluster.Core.Processing;
using Cluster.Formats;
using Cluster.Plotting;
using Cluster.Signal;

namespace Cluster.Processors.IqSpectrogram;

/// <summary>
/// <c>iq-spectrogram</c>: one IQ recording (any format <see cref="IqFile"/> reads) to an NPZ of frequency, time and power, a full
/// spectrogram figure and, when a zoom span is given, a zoomed figure. Everything is computed before the first
/// file is written, so bad input leaves no output behind.
/// </summary>
public sealed class IqSpectrogramProcessor : IProcessor<IqSpectrogramParameters>
{
    public string Kind => "iq-spectrogram";

    public Task<ProcessorResult> ProcessAsync(WorkInput input, IqSpectrogramParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken) =>
        Task.Run(() => Process(input, parameters, context, cancellationToken), cancellationToken);

    private static bool HasFiniteValue(float[] values)
    {
        foreach (var value in values)
        {
            if (float.IsFinite(value)) return true;
        }
        return false;
    }

    private static ProcessorResult Process(WorkInput input, IqSpectrogramParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken)
    {
        parameters.Validate();
        // A directory of recordings lists each recording's parts; the part that names it is the item.
        if (IqFile.PrimaryOf(input.Path) is { } primary)
            return ProcessorResult.NoData($"{input.Path} is part of the recording {Path.GetFileName(primary)}, which is processed as its own item");
        Spectrogram spectrogram;
        string format;
        string? channel;
        var readerNotes = new List<string>();
        using (var recording = IqFile.Open(input.Path, parameters.Input with { IqtoolsScaling = parameters.Stft.Mode == SpectrogramMode.Compat }))
        {
            format = recording.Format;
            channel = recording.ChannelLabel;
            readerNotes.AddRange(recording.Notes);
            if (recording.IsReal)
                readerNotes.Add("real-valued samples (Q = 0): the spectrum is mirrored about the centre frequency; its upper half is the signal's one-sided spectrum");
            spectrogram = Stft.Compute(recording, parameters.Stft, context.MaxThreads, context.Progress, cancellationToken);
        }
        // NaN or infinite samples (a float recording gone bad) spread to every bin they touch; a figure of nothing
        // but NaN would be an empty picture marked done. Like a spectrogram-set row without finite data: no_data.
        if (!HasFiniteValue(spectrogram.Power))
            return ProcessorResult.NoData($"{input.Path}: the spectrogram has no finite value: the selected samples are NaN or infinite");

        var stem = RecordingStem(input.Path);
        Range? zoomColumns = parameters.ZoomSpan is { } span
            ? ZoomColumns(spectrogram, parameters.ZoomCenter ?? spectrogram.CenterFrequency, span, input.Path)
            : null;

        var label = channel is null ? stem : $"{stem} ({channel})";
        var full = SpectrogramPlots.Full(spectrogram, label, parameters);
        var zoom = zoomColumns is { } columns ? SpectrogramPlots.Zoomed(spectrogram, label, parameters, columns) : null;
        var figures = new List<(string Name, Action<Stream> Write, string MediaType)>();
        foreach (var output in parameters.Formats.Order())
        {
            if (output.AsFigure() is not { } figure) continue;
            figures.Add((stem + figure.Extension, s => SpectrogramFigure.Render(full, s, figure.Figure), figure.MediaType));
            if (zoom is not null)
                figures.Add((stem + "_zoom" + figure.Extension, s => SpectrogramFigure.Render(zoom, s, figure.Figure), figure.MediaType));
        }

        cancellationToken.ThrowIfCancellationRequested();
        SafeDirectory.Create(context.OutputDirectory);
        var artifacts = new List<ArtifactFile>();
        if (parameters.Formats.Contains(OutputFormat.Npz))
        {
            var path = Path.Combine(context.OutputDirectory, stem + ".npz");
            AtomicFile.Write(path, stream => SpectrogramNpz.Write(stream, spectrogram));
            artifacts.Add(new ArtifactFile(stem + ".npz", path, "application/x-npz"));
        }
        foreach (var (name, write, mediaType) in figures)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(context.OutputDirectory, name);
            AtomicFile.Write(path, write);
            artifacts.Add(new ArtifactFile(name, path, mediaType));
        }

        var notes = new List<string>
        {
            $"{format}, {spectrogram.SampleRate:0.###} Hz sample rate, centre {spectrogram.CenterFrequency:0.###} Hz: " +
            $"{spectrogram.FramesUsed} frames from frame {spectrogram.FirstFrame} -> {spectrogram.Rows} x {spectrogram.Columns} ({spectrogram.PowerUnit})",
        };
        notes.AddRange(readerNotes);
        if (spectrogram.DroppedFrames > 0)
            notes.Add($"n_avg={parameters.Stft.NAvg}: the last {spectrogram.DroppedFrames} frame(s) did not fill a group and were dropped");
        return ProcessorResult.Done(artifacts, notes);
    }

    /// <summary>
    /// <c>run7.sigmf-meta</c>, <c>run7.sigmf-data</c> and <c>run7.sigmf</c> are the recording <c>run7</c>; <c>run7.iq.tar</c> is <c>run7</c> too.
    /// </summary>
    public static string RecordingStem(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(IqTarRecording.Extension, StringComparison.OrdinalIgnoreCase)
            ? name[..^IqTarRecording.Extension.Length]
            : Path.GetFileNameWithoutExtension(name);
    }

    private static Range ZoomColumns(Spectrogram spectrogram, double centre, double span, string path)
    {
        var offset = spectrogram.Mode == SpectrogramMode.Compat ? spectrogram.CenterFrequency : 0.0;
        int first = -1, last = -1;
        for (var k = 0; k < spectrogram.Columns; k++)
        {
            if (Math.Abs(spectrogram.FrequencyHz[k] + offset - centre) > span / 2) continue;
            if (first < 0) first = k;
            last = k;
        }
        if (first < 0 || last == first)
        {
            var low = spectrogram.FrequencyHz[0] + offset;
            var high = spectrogram.FrequencyHz[^1] + offset;
            throw new ArgumentException(
                $"zoom_center: {path}: the zoom window {centre:0.###} Hz +- {span / 2:0.###} Hz holds fewer than two " +
                $"frequency bins of the recorded band {low:0.###} .. {high:0.###} Hz");
        }
        return first..(last + 1);
    }
}
