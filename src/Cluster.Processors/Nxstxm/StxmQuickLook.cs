using System.Globalization;
using Cluster.Nexus.Stxm;
using Cluster.Plotting;

namespace Cluster.Processors.Nxstxm;

/// <summary>
/// The quick-look figure of a scan's first entry (the file's <c>@default</c>): a heatmap with colourbar for images
/// (sample y against sample x), for stacks the plane at the middle energy (the last recorded plane when an aborted
/// scan never reached the middle), for line spectra energy against position along the line, for focus scans zone
/// plate z against position along the line; a line plot of counts against energy for point spectra. Maps of sample y
/// against sample x are drawn with equal aspect (a micrometre as long on both axes, as matplotlib's <c>imshow</c>), so
/// a round feature stays round in a non-square scan; maps with an energy or zone plate axis fill the plot area.
/// </summary>
internal static class StxmQuickLook
{
    public const int Width = 900, Height = 750;

    public static byte[] Png(StxmEntry entry, string stem)
    {
        var layout = SpectrogramLayout.For(Width, Height);
        using var png = new MemoryStream();
        FigureOutput.Render(png, FigureFormat.Png, Width, Height, canvas =>
        {
            canvas.Fill(new Rect(0, 0, Width, Height), layout.Style.Background);
            var title = entry.Layout == StxmLayout.PointSpectrum
                ? DrawSpectrum(canvas, layout, entry)
                : DrawMap(canvas, layout, entry);
            canvas.SetFont(layout.Style.TitleFontSize, FontWeight.Bold);
            canvas.DrawText($"{stem} {entry.Name}: {title}", layout.Title.CenterX, layout.Title.CenterY, layout.Style.Foreground,
                HorizontalAnchor.Center, VerticalAnchor.Middle);
        });
        return png.ToArray();
    }

    /// <summary>A 2-D view as a heatmap; returns the title.</summary>
    private static string DrawMap(Canvas canvas, SpectrogramLayout layout, StxmEntry entry)
    {
        var (plane, rows, cols, rowAxis, colAxis, title, sampleMap) = MapOf(entry);
        var (y, flipRows) = Axis(rowAxis.Values, rowAxis.Label);
        var (x, flipCols) = Axis(colAxis.Values, colAxis.Label);
        if (sampleMap && x.Measured && y.Measured)
            layout = layout.WithEqualAspect(x.Range.Span, y.Range.Span);
        var values = new float[rows * cols];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
                values[r * cols + c] = (float)plane[(flipRows ? rows - 1 - r : r) * cols + (flipCols ? cols - 1 - c : c)];
        var style = layout.Style;
        if (values.Any(float.IsFinite))
        {
            var colormap = Colormap.Get(Colormap.DefaultName);
            var normalization = ColorNormalization.FromData(values, ColorScale.Linear);
            HeatmapPainter.Draw(canvas, layout.Plot, new HeatmapGrid(values, rows, cols), normalization, colormap);
            ColorbarPainter.Draw(canvas, layout.Colorbar, colormap, normalization, entry.DetectorUnits ?? "counts", style);
        }
        else
            NoValues(canvas, layout);
        Frame(canvas, layout);
        AxisPainter.DrawBottom(canvas, layout.Plot, x.Range, TickLocator.Locate(x.Range), x.Label, style);
        AxisPainter.DrawLeft(canvas, layout.Plot, y.Range, TickLocator.Locate(y.Range), y.Label, style);
        return title;
    }

    private sealed record AxisValues(double[] Values, string Label);

    private static (double[] Plane, int Rows, int Cols, AxisValues RowAxis, AxisValues ColAxis, string Title, bool SampleMap) MapOf(StxmEntry e)
    {
        var sampleX = new AxisValues(e.SampleX, "sample x (µm)");
        var sampleY = new AxisValues(e.SampleY, "sample y (µm)");
        var line = new AxisValues(e.LinePosition ?? Indices(e.Shape[^1]), "position along the line (µm)");
        switch (e.Layout)
        {
            case StxmLayout.Stack:
            {
                int ne = (int)e.Shape[0], ny = (int)e.Shape[1], nx = (int)e.Shape[2], plane = ny * nx;
                var k = ne / 2;
                // An aborted stack may stop before its middle: show the last plane it recorded.
                while (k > 0 && !e.Data.AsSpan(k * plane, plane).ContainsAnyExcept(double.NaN)) k--;
                var energy = k < e.Energies.Length ? e.Energies[k].ToString("0.###", CultureInfo.InvariantCulture) : "?";
                return (e.Data.AsSpan(k * plane, plane).ToArray(), ny, nx, sampleY, sampleX,
                    $"{e.NxstxmScanType}, {energy} eV (energy {k + 1} of {ne})", true);
            }
            case StxmLayout.LineSpectrum:
                return (e.Data, (int)e.Shape[0], (int)e.Shape[1], new AxisValues(e.Energies, "energy (eV)"), line, e.NxstxmScanType, false);
            case StxmLayout.Focus:
                return (e.Data, (int)e.Shape[0], (int)e.Shape[1],
                    new AxisValues(e.ZonePlateZ ?? Indices(e.Shape[0]), "zone plate z (µm)"), line, e.NxstxmScanType, false);
            default:
                return (e.Data, (int)e.Shape[0], (int)e.Shape[1], sampleY, sampleX, e.NxstxmScanType, true);
        }
    }

    /// <summary>Counts against energy, a line through the recorded points; returns the title.</summary>
    private static string DrawSpectrum(Canvas canvas, SpectrogramLayout layout, StxmEntry entry)
    {
        var style = layout.Style;
        var (x, flip) = Axis(entry.Energies, "energy (eV)");
        var n = entry.Data.Length;
        var counts = flip ? entry.Data.Reverse().ToArray() : entry.Data;
        var finite = counts.Where(double.IsFinite).ToArray();
        var yRange = finite.Length == 0 ? new AxisRange(0, 1) : Padded(finite.Min(), finite.Max());
        var plot = layout.Plot;
        if (finite.Length == 0)
            NoValues(canvas, layout);
        else
        {
            var colour = new Rgb(31, 119, 180);
            double Px(int i) => plot.X + x.Range.Fraction(x.Centres[i]) * plot.Width;
            double Py(int i) => plot.Bottom - yRange.Fraction(counts[i]) * plot.Height;
            for (var i = 0; i < n; i++)
            {
                if (!double.IsFinite(counts[i])) continue;
                if (i + 1 < n && double.IsFinite(counts[i + 1]))
                    canvas.StrokeLine(Px(i), Py(i), Px(i + 1), Py(i + 1), colour, 2 * style.LineWidth);
                var half = 2 * style.LineWidth;
                canvas.Fill(new Rect(Px(i) - half, Py(i) - half, 2 * half, 2 * half), colour);
            }
        }
        Frame(canvas, layout);
        AxisPainter.DrawBottom(canvas, plot, x.Range, TickLocator.Locate(x.Range), x.Label, style);
        AxisPainter.DrawLeft(canvas, plot, yRange, TickLocator.Locate(yRange), entry.DetectorUnits ?? "counts", style);
        var region = $"region {entry.RegionId}" + (entry.Polarization is { } p ? $", polarization {p.ToString("0.###", CultureInfo.InvariantCulture)}" : "");
        return $"{entry.NxstxmScanType} ({region})";
    }

    /// <param name="Measured">False when the recorded positions were unusable and the axis shows indices instead.</param>
    private sealed record PlotAxis(AxisRange Range, double[] Centres, string Label, bool Measured = true);

    /// <summary>
    /// An axis through cell centres, drawn increasing: a decreasing axis is reversed (the caller flips the data with
    /// it); an axis that is not monotonic, or not finite, is drawn as indices.
    /// </summary>
    private static (PlotAxis Axis, bool Flip) Axis(double[] centres, string label)
    {
        var n = centres.Length;
        var increasing = n > 0 && centres.All(double.IsFinite) && Enumerable.Range(1, n - 1).All(i => centres[i] > centres[i - 1]);
        var decreasing = n > 1 && centres.All(double.IsFinite) && Enumerable.Range(1, n - 1).All(i => centres[i] < centres[i - 1]);
        if (!increasing && !decreasing) return (Axis(Indices(n), label.Split(" (")[0] + " (index)").Axis with { Measured = false }, false);
        var ordered = decreasing ? centres.Reverse().ToArray() : centres;
        var width = n > 1 ? (ordered[^1] - ordered[0]) / (n - 1) : 1;
        return (new PlotAxis(new AxisRange(ordered[0] - width / 2, ordered[^1] + width / 2), ordered, label), decreasing);
    }

    private static double[] Indices(long n) => Enumerable.Range(0, (int)n).Select(i => (double)i).ToArray();

    private static AxisRange Padded(double min, double max)
    {
        var pad = max > min ? 0.05 * (max - min) : Math.Max(Math.Abs(min) * 0.05, 0.5);
        return new AxisRange(min - pad, max + pad);
    }

    private static void Frame(Canvas canvas, SpectrogramLayout layout)
    {
        var style = layout.Style;
        var area = layout.Plot;
        var half = style.LineWidth / 2;
        canvas.StrokeRectangle(new Rect(area.X - half, area.Y - half, area.Width + 2 * half, area.Height + 2 * half), style.Foreground, style.LineWidth);
    }

    private static void NoValues(Canvas canvas, SpectrogramLayout layout)
    {
        canvas.SetFont(layout.Style.LabelFontSize);
        canvas.DrawText("no recorded values", layout.Plot.CenterX, layout.Plot.CenterY, layout.Style.Foreground, HorizontalAnchor.Center, VerticalAnchor.Middle);
    }
}
