namespace Cluster.Plotting;

/// <summary>
/// Vertical marks at given times across a panel: event lines (red dashes on white, twice the line width) and the
/// zoom window's edges in the main column (a black line on a white line three times as wide). Both carry
/// white, so they stay visible over every colormap, dark or bright, and over white NaN background.
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

    /// <summary>The x of time <paramref name="t"/> in the panel, on the pixel grid for a line of <paramref name="lineWidth"/>.</summary>
    public static double XOf(Rect panel, AxisRange time, double t, double lineWidth) =>
        AxisPainter.Crisp(panel.X + time.Fraction(t) * panel.Width, lineWidth);
}
