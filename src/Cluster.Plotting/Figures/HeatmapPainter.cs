namespace Cluster.Plotting;

/// <summary>Paints a grid as colours into a panel rectangle; grid row 0 is at the bottom, column 0 at the left.</summary>
public static class HeatmapPainter
{
    /// <summary>
    /// Grids larger than the panel's pixels are averaged down to one bin per pixel (in the linear domain, before
    /// the colour scale, so a dB plot shows the mean power); smaller grids stay one image pixel per cell and are
    /// stretched with nearest-neighbour sampling into blocks. NaN cells are transparent.
    /// </summary>
    public static void Draw(Canvas canvas, Rect area, HeatmapGrid grid, ColorNormalization normalization, Colormap colormap)
    {
        var columns = Math.Min(grid.Columns, Math.Max(1, (int)Math.Round(area.Width)));
        var rows = Math.Min(grid.Rows, Math.Max(1, (int)Math.Round(area.Height)));
        var binned = GridResampler.Average(grid, rows, columns);
        using var image = ArgbImage.Create(columns, rows);
        for (var r = 0; r < rows; r++)
        {
            var pixels = image.Row(rows - 1 - r);
            var source = binned.AsSpan(r * columns, columns);
            for (var c = 0; c < columns; c++)
                pixels[c] = colormap.MapArgb32(normalization.Normalize(source[c]));
        }
        canvas.DrawImage(image, area);
    }
}
