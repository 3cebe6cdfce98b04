namespace Cluster.Plotting;

/// <summary>
/// A vertical colourbar: the colormap from bottom (VMin) to top (VMax), ticks and label on the right. A log
/// normalisation gets a log axis with decade ticks; the bar itself is the LUT either way, because the colour
/// position is linear in the axis's domain.
/// </summary>
public static class ColorbarPainter
{
    public static void Draw(Canvas canvas, Rect area, Colormap colormap, ColorNormalization normalization, string label, FigureStyle style,
        int maxTicks = TickLocator.DefaultMaxTicks)
    {
        // One image row per table entry, stretched with nearest sampling: the bar shows exactly the LUT.
        using (var image = ArgbImage.Create(1, Colormap.Size))
        {
            for (var i = 0; i < Colormap.Size; i++)
                image.Row(Colormap.Size - 1 - i)[0] = colormap[i].ToArgb32();
            canvas.DrawImage(image, area);
        }
        canvas.StrokeRectangle(area, style.Foreground, style.LineWidth);
        var range = normalization.ColorbarRange;
        AxisPainter.DrawRight(canvas, area, range, TickLocator.Locate(range, maxTicks), label, style);
    }
}
