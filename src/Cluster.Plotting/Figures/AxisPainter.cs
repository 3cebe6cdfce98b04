namespace Cluster.Plotting;

/// <summary>
/// Draws tick marks, tick labels and the axis label along one edge of a panel rectangle. Ticks outside the
/// range are skipped; minor ticks (<see cref="TickSet.Minor"/>) are drawn at 60 % length without labels.
/// </summary>
public static class AxisPainter
{
    private const double MinorTickFraction = 0.6;

    /// <summary>Horizontal axis under <paramref name="panel"/>.</summary>
    public static void DrawBottom(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        DrawBottomMarks(canvas, panel, range, ticks, style);
        canvas.SetFont(style.TickFontSize);
        var labels = ticks.Labels;
        var tickEnd = panel.Bottom + style.TickLength;
        for (var i = 0; i < ticks.Values.Count; i++)
        {
            if (!range.Contains(ticks.Values[i])) continue;
            var x = Crisp(panel.X + range.Fraction(ticks.Values[i]) * panel.Width, style.LineWidth);
            canvas.DrawText(labels[i], x, tickEnd + style.Padding, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top);
        }
        var labelTop = tickEnd + 2 * style.Padding + canvas.MeasureText("0").Height;
        canvas.SetFont(style.LabelFontSize);
        canvas.DrawText(label, panel.CenterX, labelTop, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top);
    }

    /// <summary>Only the tick marks of a horizontal axis under <paramref name="panel"/> (rows that share the bottom row's labels).</summary>
    public static void DrawBottomMarks(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, FigureStyle style)
    {
        DrawHorizontalMarks(canvas, panel, range, ticks.Values, style.TickLength, style);
        DrawHorizontalMarks(canvas, panel, range, ticks.Minor, MinorTickFraction * style.TickLength, style);
    }

    /// <summary>Vertical axis left of <paramref name="panel"/>, values increasing upwards.</summary>
    public static void DrawLeft(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        var widest = DrawVerticalTicks(canvas, panel, panel.X, -1, range, ticks, style, withLabels: true);
        var labelRight = panel.X - style.TickLength - 2 * style.Padding - widest;
        canvas.SetFont(style.LabelFontSize);
        // Rotated a quarter turn anticlockwise: reads bottom to top, the text's bottom faces the panel.
        canvas.DrawText(label, labelRight, panel.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Bottom, -Math.PI / 2);
    }

    /// <summary>Only the tick marks of a vertical axis left of <paramref name="panel"/> (panels sharing another panel's y labels).</summary>
    public static void DrawLeftMarks(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, FigureStyle style) =>
        DrawVerticalTicks(canvas, panel, panel.X, -1, range, ticks, style, withLabels: false);

    /// <summary>Vertical axis right of <paramref name="panel"/> (colourbars), values increasing upwards.</summary>
    public static void DrawRight(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        var widest = DrawVerticalTicks(canvas, panel, panel.Right, +1, range, ticks, style, withLabels: true);
        var labelLeft = panel.Right + style.TickLength + 2 * style.Padding + widest;
        canvas.SetFont(style.LabelFontSize);
        canvas.DrawText(label, labelLeft, panel.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top, -Math.PI / 2);
    }

    private static void DrawHorizontalMarks(Canvas canvas, Rect panel, AxisRange range, IReadOnlyList<double> values, double length, FigureStyle style)
    {
        foreach (var value in values)
        {
            if (!range.Contains(value)) continue;
            var x = Crisp(panel.X + range.Fraction(value) * panel.Width, style.LineWidth);
            canvas.StrokeLine(x, panel.Bottom, x, panel.Bottom + length, style.Foreground, style.LineWidth);
        }
    }

    /// <summary>Draws ticks on the edge at <paramref name="edgeX"/> pointing in <paramref name="direction"/>; returns the widest label.</summary>
    private static double DrawVerticalTicks(Canvas canvas, Rect panel, double edgeX, int direction, AxisRange range, TickSet ticks,
        FigureStyle style, bool withLabels)
    {
        foreach (var value in ticks.Minor)
        {
            if (!range.Contains(value)) continue;
            var y = Crisp(panel.Bottom - range.Fraction(value) * panel.Height, style.LineWidth);
            canvas.StrokeLine(edgeX, y, edgeX + direction * MinorTickFraction * style.TickLength, y, style.Foreground, style.LineWidth);
        }
        canvas.SetFont(style.TickFontSize);
        var labels = withLabels ? ticks.Labels : null;
        var tickEnd = edgeX + direction * style.TickLength;
        var anchor = direction < 0 ? HorizontalAnchor.Right : HorizontalAnchor.Left;
        var widest = 0.0;
        for (var i = 0; i < ticks.Values.Count; i++)
        {
            if (!range.Contains(ticks.Values[i])) continue;
            var y = Crisp(panel.Bottom - range.Fraction(ticks.Values[i]) * panel.Height, style.LineWidth);
            canvas.StrokeLine(edgeX, y, tickEnd, y, style.Foreground, style.LineWidth);
            if (labels is null) continue;
            canvas.DrawText(labels[i], tickEnd + direction * style.Padding, y, style.Foreground, anchor, VerticalAnchor.Middle);
            widest = Math.Max(widest, canvas.MeasureText(labels[i]).Width);
        }
        return widest;
    }

    // Odd-width lines centred on a pixel centre cover whole pixels instead of blurring over two.
    internal static double Crisp(double position, double lineWidth) =>
        ((int)Math.Round(lineWidth) & 1) == 1 ? Math.Floor(position) + 0.5 : Math.Round(position);
}
