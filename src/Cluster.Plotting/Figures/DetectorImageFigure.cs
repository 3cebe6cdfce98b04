namespace Cluster.Plotting;

/// <summary>A detector frame (or a sum of frames) to show: row-major values, rows x columns, linear units (counts).</summary>
public sealed record DetectorImagePlot
{
    public required float[] Values { get; init; }
    public required int Rows { get; init; }
    public required int Columns { get; init; }
    public string Title { get; init; } = "";
    public string ColorbarLabel { get; init; } = "Counts";
    public ColorScale ColorScale { get; init; } = ColorScale.Linear;
    public string Colormap { get; init; } = Plotting.Colormap.DefaultName;
    public double? VMin { get; init; }
    public double? VMax { get; init; }

    /// <summary>Pixel pitch in µm along columns (x) and rows (y), when the detector's is known; null draws pixel indices.</summary>
    public (double X, double Y)? PixelSizeUm { get; init; }
}

/// <summary>
/// A quick-look of a detector image: pixel column on x, pixel row on y with row 0 at the bottom (matplotlib's
/// <c>imshow(origin="lower")</c>, the convention the spectrogram panels share), colourbar on the right. Frames larger
/// than the panel are averaged down to one bin per screen pixel; smaller ones are drawn as blocks. Drawn with equal
/// aspect, as <c>imshow</c> does: square pixels in pixel units, or, with <see cref="DetectorImagePlot.PixelSizeUm"/>,
/// axes in µm where a micrometre is as long on both axes.
/// </summary>
public static class DetectorImageFigure
{
    public static void Render(DetectorImagePlot plot, Stream output, FigureFormat format, int width = 900, int height = 800)
    {
        if (plot.Rows <= 0 || plot.Columns <= 0 || plot.Values.Length != (long)plot.Rows * plot.Columns)
            throw new ArgumentException($"detector image of {plot.Rows} x {plot.Columns} needs {(long)plot.Rows * plot.Columns} values, got {plot.Values.Length}");
        if (plot.PixelSizeUm is { } size && !(size.X > 0 && size.Y > 0 && double.IsFinite(size.X) && double.IsFinite(size.Y)))
            throw new ArgumentException($"detector pixel size must be positive and finite, got {size.X} x {size.Y} µm");
        var (columns, rows) = Axes(plot);
        var layout = SpectrogramLayout.For(width, height).WithEqualAspect(columns.Range.Span, rows.Range.Span);
        var colormap = Plotting.Colormap.Get(plot.Colormap);
        FigureOutput.Render(output, format, width, height, canvas => Draw(canvas, plot, colormap, layout));
    }

    private static void Draw(Canvas canvas, DetectorImagePlot plot, Colormap colormap, SpectrogramLayout layout)
    {
        var style = layout.Style;
        canvas.Fill(new Rect(0, 0, layout.Width, layout.Height), style.Background);
        var normalization = ColorNormalization.FromData(plot.Values, plot.ColorScale, plot.VMin, plot.VMax);
        HeatmapPainter.Draw(canvas, layout.Plot, new HeatmapGrid(plot.Values, plot.Rows, plot.Columns), normalization, colormap);
        var area = layout.Plot;
        var half = style.LineWidth / 2;
        canvas.StrokeRectangle(new Rect(area.X - half, area.Y - half, area.Width + 2 * half, area.Height + 2 * half), style.Foreground, style.LineWidth);
        var (columns, rows) = Axes(plot);
        AxisPainter.DrawBottom(canvas, area, columns.Range, TickLocator.Locate(columns.Range), columns.Label, style);
        AxisPainter.DrawLeft(canvas, area, rows.Range, TickLocator.Locate(rows.Range), rows.Label, style);
        ColorbarPainter.Draw(canvas, layout.Colorbar, colormap, normalization, plot.ColorbarLabel, style);
        canvas.SetFont(style.TitleFontSize, FontWeight.Bold);
        canvas.DrawText(plot.Title, layout.Title.CenterX, layout.Title.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Middle);
    }

    /// <summary>
    /// Pixel centres are at whole numbers, so the axes run from -0.5 to n - 0.5; with a known pitch they run over the
    /// detector in µm from 0 at the first pixel's outer edge.
    /// </summary>
    private static ((AxisRange Range, string Label) Columns, (AxisRange Range, string Label) Rows) Axes(DetectorImagePlot plot) =>
        plot.PixelSizeUm is { } size
            ? ((new AxisRange(0, plot.Columns * size.X), "x (µm)"), (new AxisRange(0, plot.Rows * size.Y), "y (µm)"))
            : ((new AxisRange(-0.5, plot.Columns - 0.5), "Column (pixel)"), (new AxisRange(-0.5, plot.Rows - 0.5), "Row (pixel)"));
}
