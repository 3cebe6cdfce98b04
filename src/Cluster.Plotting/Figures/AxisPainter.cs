namespace Cluster.Plotting;

/// <summary>Draws tick marks, tick labels and the axis label along one edge of a panel rectangle.</summary>
public static class AxisPainter
{
    /// <summary>Horizontal axis under <paramref name="panel"/>; ticks outside the range are skipped.</summary>
    public static void DrawBottom(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        canvas.SetFont(style.TickFontSize);
        var labels = ticks.Labels;
        var tickEnd = panel.Bottom + style.TickLength;
        for (var i = 0; i < ticks.Values.Count; i++)
        {
            if (!range.Contains(ticks.Values[i])) continue;
            var x = Crisp(panel.X + range.Fraction(ticks.Values[i]) * panel.Width, style.LineWidth);
            canvas.StrokeLine(x, panel.Bottom, x, tickEnd, style.Foreground, style.LineWidth);
            canvas.DrawText(labels[i], x, tickEnd + style.Padding, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top);
        }
        var labelTop = tickEnd + 2 * style.Padding + canvas.MeasureText("0").Height;
        canvas.SetFont(style.LabelFontSize);
        canvas.DrawText(label, panel.CenterX, labelTop, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top);
    }

    /// <summary>Vertical axis left of <paramref name="panel"/>, values increasing upwards.</summary>
    public static void DrawLeft(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        var widest = DrawVerticalTicks(canvas, panel, panel.X, -1, range, ticks, style);
        var labelRight = panel.X - style.TickLength - 2 * style.Padding - widest;
        canvas.SetFont(style.LabelFontSize);
        // Rotated a quarter turn anticlockwise: reads bottom to top, the text's bottom faces the panel.
        canvas.DrawText(label, labelRight, panel.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Bottom, -Math.PI / 2);
    }

    /// <summary>Vertical axis right of <paramref name="panel"/> (colourbars), values increasing upwards.</summary>
    public static void DrawRight(Canvas canvas, Rect panel, AxisRange range, TickSet ticks, string label, FigureStyle style)
    {
        var widest = DrawVerticalTicks(canvas, panel, panel.Right, +1, range, ticks, style);
        var labelLeft = panel.Right + style.TickLength + 2 * style.Padding + widest;
        canvas.SetFont(style.LabelFontSize);
        canvas.DrawText(label, labelLeft, panel.CenterY, style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Top, -Math.PI / 2);
    }

    /// <summary>Draws ticks on the edge at <paramref name="edgeX"/> pointing in <paramref name="direction"/>; returns the widest label.</summary>
    private static double DrawVerticalTicks(Canvas canvas, Rect panel, double edgeX, int direction, AxisRange range, TickSet ticks, FigureStyle style)
    {
        canvas.SetFont(style.TickFontSize);
        var labels = ticks.Labels;
        var tickEnd = edgeX + direction * style.TickLength;
        var anchor = direction < 0 ? HorizontalAnchor.Right : HorizontalAnchor.Left;
        var widest = 0.0;
        for (var i = 0; i < ticks.Values.Count; i++)
        {
            if (!range.Contains(ticks.Values[i])) continue;
            var y = Crisp(panel.Bottom - range.Fraction(ticks.Values[i]) * panel.Height, style.LineWidth);
            canvas.StrokeLine(edgeX, y, tickEnd, y, style.Foreground, style.LineWidth);
            canvas.DrawText(labels[i], tickEnd + direction * style.Padding, y, style.Foreground, anchor, VerticalAnchor.Middle);
            widest = Math.Max(widest, canvas.MeasureText(labels[i]).Width);
        }
        return widest;
    }

    // Odd-width lines centred on a pixel centre cover whole pixels instead of blurring over two.
    private static double Crisp(double position, double lineWidth) =>
        ((int)Math.Round(lineWidth) & 1) == 1 ? Math.Floor(position) + 0.5 : Math.Round(position);
}
