namespace Cluster.Plotting;

/// <summary>Sizes and colours of figure furniture, scaled with the figure so small and large renders look alike.</summary>
public sealed record FigureStyle(
    double TitleFontSize,
    double LabelFontSize,
    double TickFontSize,
    double TickLength,
    double LineWidth,
    double Padding,
    Rgb Foreground,
    Rgb Background)
{
    public const int ReferenceWidth = 1200;
    public const int ReferenceHeight = 800;

    /// <summary>Style for a figure of the given size; 1200×800 gets 20/16/14 px fonts.</summary>
    public static FigureStyle ForSize(double width, double height)
    {
        var scale = Math.Clamp(Math.Sqrt(width * height / (ReferenceWidth * (double)ReferenceHeight)), 0.5, 4);
        return new FigureStyle(
            TitleFontSize: 20 * scale,
            LabelFontSize: 16 * scale,
            TickFontSize: 14 * scale,
            TickLength: 6 * scale,
            LineWidth: Math.Max(1, Math.Round(scale)),
            Padding: 5 * scale,
            Foreground: Rgb.Black,
            Background: Rgb.White);
    }
}
