namespace Cluster.Plotting;

/// <summary>
/// A single spectrogram figure: title on top, heatmap with frequency (x, as offset from the centre) and
/// time (y, increasing upwards) axes, colourbar on the right.
/// </summary>
public static class SpectrogramFigure
{
    public static void Render(SpectrogramPlot plot, Stream output, FigureFormat format, int width = 1200, int height = 800)
    {
        plot.Validate();
        var layout = SpectrogramLayout.For(width, height);
        var colormap = Plotting.Colormap.Get(plot.Colormap);
        FigureOutput.Render(output, format, width, height, canvas => Draw(canvas, plot, colormap, layout));
    }

    /// <summary>Draws onto an existing canvas; the layout's rectangles say where.</summary>
    public static void Draw(Canvas canvas, SpectrogramPlot plot, Colormap colormap, SpectrogramLayout layout)
    {
        plot.Validate();
        var style = layout.Style;
        canvas.Fill(new Rect(0, 0, layout.Width, layout.Height), style.Background);

        var grid = new HeatmapGrid(plot.Values, plot.TimeS.Length, plot.FrequencyHz.Length);
        var normalization = ColorNormalization.FromData(plot.Values, plot.ColorScale, plot.VMin, plot.VMax);
        HeatmapPainter.Draw(canvas, layout.Plot, grid, normalization, colormap);
        // The frame sits just outside the data so it never hides the outermost cells.
        var area = layout.Plot;
        var half = style.LineWidth / 2;
        canvas.StrokeRectangle(new Rect(area.X - half, area.Y - half, area.Width + 2 * half, area.Height + 2 * half),
            style.Foreground, style.LineWidth);

        var (frequencyRange, frequencyLabel) = FrequencyAxis(plot);
        AxisPainter.DrawBottom(canvas, layout.Plot, frequencyRange, TickLocator.Locate(frequencyRange), frequencyLabel, style);
        var timeRange = CellEdges(plot.TimeS, 1);
        AxisPainter.DrawLeft(canvas, layout.Plot, timeRange, TickLocator.Locate(timeRange), "Time (s)", style);

        ColorbarPainter.Draw(canvas, layout.Colorbar, colormap, normalization, plot.ColorbarLabel, style);

        canvas.SetFont(style.TitleFontSize, FontWeight.Bold);
        canvas.DrawText(plot.Title, layout.Title.CenterX, layout.Title.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Middle);
    }

    /// <summary>Axis range of the frequency offsets in a unit chosen from the span, and the axis label.</summary>
    private static (AxisRange Range, string Label) FrequencyAxis(SpectrogramPlot plot)
    {
        var offsets = plot.FrequencyIsOffset
            ? plot.FrequencyHz
            : plot.FrequencyHz.Select(f => f - plot.CenterFrequencyHz).ToArray();
        var edgesHz = CellEdges(offsets, 1);
        var unit = FrequencyUnit.ForSpan(edgesHz.Span);
        var range = new AxisRange(unit.FromHertz(edgesHz.Min), unit.FromHertz(edgesHz.Max));
        var label = plot.CenterFrequencyHz == 0
            ? plot.FrequencyIsOffset ? $"Frequency offset ({unit.Symbol})" : $"Frequency ({unit.Symbol})"
            : $"Frequency offset ({unit.Symbol}) from {FrequencyUnit.FormatWithUnit(plot.CenterFrequencyHz)}";
        return (range, label);
    }

    /// <summary>From the first cell's lower edge to the last cell's upper edge, for evenly spaced centres.</summary>
    private static AxisRange CellEdges(IReadOnlyList<double> centres, double singleCellWidth)
    {
        var n = centres.Count;
        var width = n > 1 ? (centres[n - 1] - centres[0]) / (n - 1) : singleCellWidth;
        return new AxisRange(centres[0] - width / 2, centres[n - 1] + width / 2);
    }
}
