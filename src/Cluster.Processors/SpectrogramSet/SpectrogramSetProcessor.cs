using Cluster.Core.Processing;
using Cluster.Formats;
using Cluster.Plotting;
using Cluster.Processors.IqSpectrogram;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// <c>spectrogram-set</c>: one item (an orbit, a shot) to one figure of stacked spectrogram rows with an optional zoom
/// column: <c>&lt;item&gt;.png</c> (and .svg/.pdf when asked). The item's input is the directory its row files are in.
/// No row with data in range: <c>no_data</c>. A missing or corrupt row file: an error naming the item, row and file.
/// </summary>
public sealed class SpectrogramSetProcessor : IProcessor<SpectrogramSetParameters>
{
    public string Kind => "spectrogram-set";

    public Task<ProcessorResult> ProcessAsync(WorkInput input, SpectrogramSetParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken) =>
        Task.Run(() => Process(input, parameters, context, cancellationToken), cancellationToken);

    private static ProcessorResult Process(WorkInput input, SpectrogramSetParameters parameters, ProcessorContext context,
        CancellationToken cancellationToken)
    {
        parameters.Validate();
        var figure = SpectrogramSetBuilder.Build(input.Key, input.Path, parameters, cancellationToken);
        if (figure.Plot is not { } plot) return new ProcessorResult(ItemOutcome.NoData, [], [figure.NoDataReason!, .. figure.Notes]);

        SafeDirectory.Create(context.OutputDirectory);
        var stem = ArtifactStem(input.Key);
        var artifacts = new List<ArtifactFile>();
        foreach (var format in parameters.Formats.Order())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (figureFormat, extension, mediaType) = format.AsFigure()!.Value;
            var path = Path.Combine(context.OutputDirectory, stem + extension);
            AtomicFile.Write(path, stream => SpectrogramSetFigure.Render(plot, stream, figureFormat, parameters.Width, parameters.Height));
            artifacts.Add(new ArtifactFile(stem + extension, path, mediaType));
        }
        return ProcessorResult.Done(artifacts, figure.Notes);
    }

    /// <summary>The figure's file name without extension: the item key, one path segment.</summary>
    public static string ArtifactStem(string key) => key.Replace('/', '_');
}
