namespace Cluster.Plotting;

/// <summary>
/// Vertical marks at given times across a panel: event lines (red dashes on white, twice the line width) and the
/// zoom window's edges in the main column (a black line on a white line three times as wide). Both carry
/// white, so they stay visible over every colormap, dark or bright, and over white NaN background. A legend in the
/// title strip says what they are.
/// </summary>
public static class TimeMarkPainter
{
    /// <summary>matplotlib's "tab:red".</summary>
    public static Rgb EventColor => new(214, 39, 40);

    public static void DrawEvents(Canvas canvas, Rect panel, AxisRange time, IEnumerable<double> events, FigureStyle style)
    {
        var width = 2 * style.LineWidth;
        using (canvas.Save())
        {
            canvas.Clip(panel);
            foreach (var t in events)
            {
                if (!time.Contains(t)) continue;
                var x = XOf(panel, time, t, width);
                canvas.StrokeLine(x, panel.Y, x, panel.Bottom, Rgb.White, width);
                canvas.StrokeDashedLine(x, panel.Y, x, panel.Bottom, EventColor, width, style.TickLength);
            }
        }
    }

    public static void DrawWindowEdges(Canvas canvas, Rect panel, AxisRange time, double start, double end, FigureStyle style)
    {
        using (canvas.Save())
        {
            canvas.Clip(panel);
            foreach (var t in new[] { start, end })
            {
                if (!time.Contains(t)) continue;
                var x = XOf(panel, time, t, style.LineWidth);
                canvas.StrokeLine(x, panel.Y, x, panel.Bottom, Rgb.White, 3 * style.LineWidth);
                canvas.StrokeLine(x, panel.Y, x, panel.Bottom, style.Foreground, style.LineWidth);
            }
        }
    }

    public const string EventLegend = "event";
    public const string ZoomLegend = "zoom window (right column)";

    /// <summary>
    /// A legend right-aligned in <paramref name="strip"/> (the title strip): a short sample of each mark the figure
    /// carries, drawn as in the panels (horizontal here), followed by what it is. Nothing when neither is drawn.
    /// </summary>
    public static void DrawLegend(Canvas canvas, Rect strip, bool events, bool zoomWindow, FigureStyle style)
    {
        var entries = new List<(string Label, Action<double, double, double> Sample)>();
        if (events)
            entries.Add((EventLegend, (x0, x1, y) =>
            {
                canvas.StrokeLine(x0, y, x1, y, Rgb.White, 2 * style.LineWidth);
                canvas.StrokeDashedLine(x0, y, x1, y, EventColor, 2 * style.LineWidth, style.TickLength);
            }));
        if (zoomWindow)
            entries.Add((ZoomLegend, (x0, x1, y) =>
            {
                canvas.Fill(new Rect(x0, y - 1.5 * style.LineWidth, x1 - x0, 3 * style.LineWidth), style.Background);
                canvas.StrokeRectangle(new Rect(x0, y - 1.5 * style.LineWidth, x1 - x0, 3 * style.LineWidth), style.Foreground, style.LineWidth);
            }));
        if (entries.Count == 0) return;
        canvas.SetFont(style.TickFontSize);
        var sampleLength = 4 * style.TickLength;
        var y = AxisPainter.Crisp(strip.CenterY, 2 * style.LineWidth);
        var right = strip.Right - 2 * style.Padding;
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var (label, sample) = entries[i];
            canvas.DrawText(label, right, y, style.Foreground, HorizontalAnchor.Right, VerticalAnchor.Middle);
            var textLeft = right - canvas.MeasureText(label).Width;
            sample(textLeft - style.Padding - sampleLength, textLeft - style.Padding, y);
            right = textLeft - style.Padding - sampleLength - 3 * style.Padding;
        }
    }

    /// <summary>The x of time <paramref name="t"/> in the panel, on the pixel grid for a line of <paramref name="lineWidth"/>.</summary>
    public static double XOf(Rect panel, AxisRange time, double t, double lineWidth) =>
        AxisPainter.Crisp(panel.X + time.Fraction(t) * panel.Width, lineWidth);
}
