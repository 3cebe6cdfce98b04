namespace Cluster.Plotting;

/// <summary>Where one row of a spectrogram set goes: its main panel, zoom panel (if any), colourbar and title strip.</summary>
public sealed record SpectrogramSetRowLayout(Rect Main, Rect? Zoom, Rect Colorbar, Rect Label);

/// <summary>
/// Where the parts of a spectrogram-set figure go, in whole pixels: the title on top, rows of equal height
/// stacked with a strip above each for the row's label, each row a main panel, an optional zoom panel (a third
/// of the main panel's width) and a colourbar at the far right; one time axis's labels under the bottom row.
/// Margins come from the style's font sizes, not from the data.
/// </summary>
public sealed record SpectrogramSetLayout(double Width, double Height, Rect Title, IReadOnlyList<SpectrogramSetRowLayout> Rows, FigureStyle Style)
{
    public const int DefaultWidth = 1400;
    public const int DefaultWidthWithZoom = 1800;
    public const int DefaultHeightBase = 180;
    public const int DefaultRowHeight = 220;

    /// <summary>Zoom panel width as a fraction of the main panel width.</summary>
    public const double ZoomFraction = 1 / 3.0;

    /// <summary>
    /// 1400 wide (1800 with a zoom column, so the main panels keep their ~1100 px), 180 + 220 px per row:
    /// each row gets ~210 px of plot, enough for 32 energies at 6 px and 4 decades of labelled ticks.
    /// </summary>
    public static (int Width, int Height) DefaultSize(int rows, bool zoom) =>
        (zoom ? DefaultWidthWithZoom : DefaultWidth, DefaultHeightBase + DefaultRowHeight * rows);

    public static SpectrogramSetLayout For(int width, int height, int rows, bool zoom)
    {
        if (rows <= 0)
            throw new ArgumentOutOfRangeException(nameof(rows), $"a spectrogram set needs at least one row, got {rows}");
        // Fonts follow the width, scaled so the default width has the 1200x800 single figure's sizes;
        // the height grows with the row count and must not inflate them.
        var scale = (double)width / (zoom ? DefaultWidthWithZoom : DefaultWidth);
        var style = FigureStyle.ForSize(FigureStyle.ReferenceWidth * scale, FigureStyle.ReferenceHeight * scale);

        var top = Math.Round(2.2 * style.TitleFontSize);
        var rowStrip = Math.Round(style.TickLength + 1.6 * style.LabelFontSize);
        var tickLabelHeight = 1.2 * style.TickFontSize;
        var axisLabelHeight = 1.3 * style.LabelFontSize;
        var bottom = Math.Round(style.TickLength + 4 * style.Padding + tickLabelHeight + axisLabelHeight);
        var left = Math.Round(style.TickLength + 4 * style.Padding + 4.5 * style.TickFontSize + axisLabelHeight);
        var zoomGap = zoom ? Math.Round(5 * style.TickFontSize) : 0;
        var colorbarGap = Math.Round(2 * style.TickFontSize);
        var colorbarWidth = Math.Round(1.6 * style.TickFontSize);
        var right = Math.Round(style.TickLength + 4 * style.Padding + 4.8 * style.TickFontSize + axisLabelHeight);

        var panelsWidth = width - left - zoomGap - colorbarGap - colorbarWidth - right;
        var mainWidth = zoom ? Math.Round(panelsWidth / (1 + ZoomFraction)) : panelsWidth;
        var zoomWidth = panelsWidth - mainWidth;
        var rowHeight = Math.Floor((height - top - bottom - rows * rowStrip) / rows);
        if (mainWidth < 16 || (zoom && zoomWidth < 16) || rowHeight < 16)
            throw new ArgumentException(
                $"figure {width}x{height} is too small for {rows} rows{(zoom ? " and a zoom column" : "")}: " +
                $"panels would be {mainWidth}{(zoom ? $" + {zoomWidth}" : "")} wide and {rowHeight} high");

        var layouts = new SpectrogramSetRowLayout[rows];
        for (var r = 0; r < rows; r++)
        {
            var y = top + rowStrip + r * (rowStrip + rowHeight);
            var main = new Rect(left, y, mainWidth, rowHeight);
            Rect? zoomPanel = zoom ? new Rect(main.Right + zoomGap, y, zoomWidth, rowHeight) : null;
            var colorbarX = (zoomPanel ?? main).Right + colorbarGap;
            layouts[r] = new SpectrogramSetRowLayout(main, zoomPanel,
                Colorbar: new Rect(colorbarX, y, colorbarWidth, rowHeight),
                Label: new Rect(left, y - rowStrip + style.TickLength, mainWidth, rowStrip - style.TickLength));
        }
        return new SpectrogramSetLayout(width, height, new Rect(0, 0, width, top), layouts, style);
    }
}
