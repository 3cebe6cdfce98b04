namespace Cluster.Plotting;

/// <summary>Renders a <see cref="SpectrogramSetPlot"/> as PNG, SVG or PDF.</summary>
public static class SpectrogramSetFigure
{
    /// <summary>Default size: <paramref name="width"/> 0 and <paramref name="height"/> 0 choose a size from the row count and zoom column.</summary>
    public static void Render(SpectrogramSetPlot plot, Stream output, FigureFormat format, int width = 0, int height = 0)
    {
        Validate(plot);
        var (defaultWidth, defaultHeight) = SpectrogramSetLayout.DefaultSize(plot.Rows.Count, plot.Zoom is not null);
        if (width < 0 || height < 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"figure size must not be negative, got {width}x{height}");
        width = width == 0 ? defaultWidth : width;
        height = height == 0 ? defaultHeight : height;
        var layout = SpectrogramSetLayout.For(width, height, plot.Rows.Count, plot.Zoom is not null);
        FigureOutput.Render(output, format, width, height, canvas => Draw(canvas, plot, layout));
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the row and the problem if the plot cannot be drawn.</summary>
    public static void Validate(SpectrogramSetPlot plot) => SpectrogramSetValidation.Validate(plot);

    /// <summary>Draws onto an existing canvas; the layout's rectangles say where.</summary>
    public static void Draw(Canvas canvas, SpectrogramSetPlot plot, SpectrogramSetLayout layout)
    {
        Validate(plot);
        if (layout.Rows.Count != plot.Rows.Count || layout.Rows[0].Zoom.HasValue != plot.Zoom.HasValue)
            throw new ArgumentException(
                $"layout for {layout.Rows.Count} rows{(layout.Rows[0].Zoom.HasValue ? " with zoom" : "")} does not fit a plot of {plot.Rows.Count} rows{(plot.Zoom.HasValue ? " with zoom" : "")}");
        var style = layout.Style;
        var colormap = Plotting.Colormap.Get(plot.Colormap);
        canvas.Fill(new Rect(0, 0, layout.Width, layout.Height), style.Background);

        var mainTime = new AxisRange(plot.TimeMin, plot.TimeMax);
        var mainTicks = TimeTicks(canvas, mainTime, layout.Rows[0].Main.Width, style);
        AxisRange? zoomTime = plot.Zoom is { } zoom ? new AxisRange(zoom.Start, zoom.End) : null;
        var zoomTicks = zoomTime is { } z ? TimeTicks(canvas, z, layout.Rows[0].Zoom!.Value.Width, style) : null;

        for (var r = 0; r < plot.Rows.Count; r++)
        {
            var row = plot.Rows[r];
            var place = layout.Rows[r];
            var isBottom = r == plot.Rows.Count - 1;
            var grid = new MeshGrid(row.TimeUnix, row.Y, row.Values);
            var yRange = new AxisRange(row.YMin, row.YMax, row.YScale);
            var yTicks = TickLocator.Locate(yRange, VerticalTickCount(place.Main.Height, style));
            var normalization = new ColorNormalization(row.ZScale == AxisScale.Log ? ColorScale.Log : ColorScale.Linear, row.ZMin, row.ZMax);

            MeshPainter.Draw(canvas, place.Main, grid, mainTime, yRange, normalization, colormap);
            if (plot.Zoom is { } window)
                TimeMarkPainter.DrawWindowEdges(canvas, place.Main, mainTime, window.Start, window.End, style);
            TimeMarkPainter.DrawEvents(canvas, place.Main, mainTime, plot.Events, style);
            Frame(canvas, place.Main, style);
            AxisPainter.DrawLeft(canvas, place.Main, yRange, yTicks, row.YLabel, style);
            if (isBottom) AxisPainter.DrawBottom(canvas, place.Main, mainTime, mainTicks, UtcTickLocator.AxisLabel("Time", plot.TimeMin), style);
            else AxisPainter.DrawBottomMarks(canvas, place.Main, mainTime, mainTicks, style);

            if (place.Zoom is { } zoomPanel && zoomTime is { } zoomRange)
            {
                MeshPainter.Draw(canvas, zoomPanel, grid, zoomRange, yRange, normalization, colormap);
                TimeMarkPainter.DrawEvents(canvas, zoomPanel, zoomRange, plot.Events, style);
                Frame(canvas, zoomPanel, style);
                AxisPainter.DrawLeftMarks(canvas, zoomPanel, yRange, yTicks, style);
                if (isBottom) AxisPainter.DrawBottom(canvas, zoomPanel, zoomRange, zoomTicks!, UtcTickLocator.AxisLabel("Zoom", zoomRange.Min), style);
                else AxisPainter.DrawBottomMarks(canvas, zoomPanel, zoomRange, zoomTicks!, style);
            }

            ColorbarPainter.Draw(canvas, place.Colorbar, colormap, normalization, row.ZLabel, style, VerticalTickCount(place.Colorbar.Height, style));
            canvas.SetFont(style.LabelFontSize, FontWeight.Bold);
            canvas.DrawText(row.Label, place.Label.X, place.Label.CenterY, style.Foreground, HorizontalAnchor.Left, VerticalAnchor.Middle);
        }

        canvas.SetFont(style.TitleFontSize, FontWeight.Bold);
        canvas.DrawText(plot.Title, layout.Title.CenterX, layout.Title.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Middle);
        var eventsShown = plot.Events.Any(t => mainTime.Contains(t) || (zoomTime?.Contains(t) ?? false));
        TimeMarkPainter.DrawLegend(canvas, layout.Title, eventsShown, plot.Zoom is not null, style);
    }

    /// <summary>
    /// UTC ticks as dense as the labels allow: two label widths per tick, at most 10. The label width is that of
    /// "00:00", or of "00:00:00" once the span needs seconds.
    /// </summary>
    private static TickSet TimeTicks(Canvas canvas, AxisRange time, double panelWidth, FigureStyle style)
    {
        canvas.SetFont(style.TickFontSize);
        var ticks = UtcTickLocator.Locate(time.Min, time.Max, TimeTickCount(canvas.MeasureText("00:00").Width, panelWidth));
        if (ticks.Step < 60 && ticks.Labels.Count > 0)
            ticks = UtcTickLocator.Locate(time.Min, time.Max, TimeTickCount(canvas.MeasureText(ticks.Labels[0]).Width, panelWidth));
        return ticks;
    }

    private static int TimeTickCount(double labelWidth, double panelWidth) => Math.Clamp((int)(panelWidth / (2 * labelWidth)), 2, 10);

    /// <summary>A labelled tick per 2.5 tick-font heights, between 2 and the linear locator's default of 8.</summary>
    private static int VerticalTickCount(double height, FigureStyle style) =>
        Math.Clamp((int)(height / (2.5 * style.TickFontSize)), 2, TickLocator.DefaultMaxTicks);

    // The frame sits just outside the data so it never hides the outermost cells.
    private static void Frame(Canvas canvas, Rect area, FigureStyle style)
    {
        var half = style.LineWidth / 2;
        canvas.StrokeRectangle(new Rect(area.X - half, area.Y - half, area.Width + 2 * half, area.Height + 2 * half), style.Foreground, style.LineWidth);
    }
}
