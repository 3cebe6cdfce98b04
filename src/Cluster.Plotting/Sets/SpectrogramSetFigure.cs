namespace Cluster.Plotting;

/// <summary>Renders a <see cref="SpectrogramSetPlot"/> as PNG, SVG or PDF.</summary>
public static class SpectrogramSetFigure
{
    /// <summary>Default size: <paramref name="width"/> 0 and <paramref name="height"/> 0 choose a size from the row count and zoom column.</summary>
    public static void Render(SpectrogramSetPlot plot, Stream output, FigureFormat format, int width = 0, int height = 0) =>
        throw new NotImplementedException("spectrogram set figures are being written");
}
