namespace Cluster.Plotting;

/// <summary>
/// Where the parts of a single-panel spectrogram figure go, in whole pixels so that heatmap blocks and frames
/// land on pixel boundaries. Margins come from the style's font sizes, not from the data, so a caller can
/// know the plot rectangle before rendering.
/// </summary>
public sealed record SpectrogramLayout(double Width, double Height, Rect Title, Rect Plot, Rect Colorbar, FigureStyle Style)
{
    public static SpectrogramLayout For(int width, int height)
    {
        var style = FigureStyle.ForSize(width, height);
        var top = Math.Round(2.2 * style.TitleFontSize);
        var tickLabelHeight = 1.2 * style.TickFontSize;
        var axisLabelHeight = 1.3 * style.LabelFontSize;
        var bottom = Math.Round(style.TickLength + 4 * style.Padding + tickLabelHeight + axisLabelHeight);
        var left = Math.Round(style.TickLength + 4 * style.Padding + 4.5 * style.TickFontSize + axisLabelHeight);
        var colorbarGap = Math.Round(2 * style.TickFontSize);
        var colorbarWidth = Math.Round(1.6 * style.TickFontSize);
        var right = Math.Round(style.TickLength + 4 * style.Padding + 4.8 * style.TickFontSize + axisLabelHeight);

        var plotWidth = width - left - colorbarGap - colorbarWidth - right;
        var plotHeight = height - top - bottom;
        if (plotWidth < 16 || plotHeight < 16)
            throw new ArgumentException($"figure {width}x{height} is too small: the plot area would be {plotWidth}x{plotHeight}");

        var plot = new Rect(left, top, plotWidth, plotHeight);
        return new SpectrogramLayout(width, height,
            Title: new Rect(0, 0, width, top),
            Plot: plot,
            Colorbar: new Rect(plot.Right + colorbarGap, top, colorbarWidth, plotHeight),
            Style: style);
    }

    /// <summary>
    /// The same layout with the plot shrunk, about its centre, so that one unit is as long on x as on y (matplotlib's
    /// <c>imshow</c> default, <c>aspect='equal'</c>): <paramref name="xSpan"/> and <paramref name="ySpan"/> are the axes'
    /// extents in the same unit (µm of a scan, or pixels). The colourbar follows the plot at the same gap and height.
    /// </summary>
    public SpectrogramLayout WithEqualAspect(double xSpan, double ySpan)
    {
        if (!(xSpan > 0 && ySpan > 0 && double.IsFinite(xSpan) && double.IsFinite(ySpan)))
            throw new ArgumentException($"equal aspect needs positive finite spans, got x {xSpan} and y {ySpan}");
        var scale = Math.Min(Plot.Width / xSpan, Plot.Height / ySpan);
        var width = Math.Max(1, Math.Round(xSpan * scale));
        var height = Math.Max(1, Math.Round(ySpan * scale));
        var plot = new Rect(Math.Round(Plot.X + (Plot.Width - width) / 2), Math.Round(Plot.Y + (Plot.Height - height) / 2), width, height);
        var gap = Colorbar.X - Plot.Right;
        return this with { Plot = plot, Colorbar = new Rect(plot.Right + gap, plot.Y, Colorbar.Width, plot.Height) };
    }
}
