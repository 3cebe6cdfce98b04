namespace Cluster.Plotting;

/// <summary>The one place a figure meets its format: PNG through Skia's encoder, SVG and PDF through Skia's documents.</summary>
public static class FigureOutput
{
    public static void Render(Stream output, FigureFormat format, int width, int height, Action<Canvas> draw,
        int pngZlibLevel = Canvas.DefaultPngZlibLevel)
    {
        using var canvas = format switch
        {
            FigureFormat.Png => Canvas.CreateImage(width, height),
            FigureFormat.Svg => Canvas.CreateSvg(output, width, height),
            FigureFormat.Pdf => Canvas.CreatePdf(output, width, height),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "supported formats: Png, Svg, Pdf"),
        };
        draw(canvas);
        canvas.Finish();
        if (format == FigureFormat.Png)
            canvas.WritePng(output, pngZlibLevel);
    }
}
