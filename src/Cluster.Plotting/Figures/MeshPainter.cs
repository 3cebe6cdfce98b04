namespace Cluster.Plotting;

/// <summary>
/// Paints a <see cref="MeshGrid"/> (irregular cell centres) into a panel, one image pixel per device pixel,
/// with the x and y axes' own scales (a log y axis places cells linearly in log10).
/// </summary>
/// <remarks>
/// Each pixel column (and row) is a slice of the axis. The cells whose centres fall in the slice are averaged
/// in the linear domain, skipping NaN, before the colour scale, as <see cref="GridResampler"/> does; a slice
/// holding no centre takes the cell its own centre falls in (nearest neighbour, so cells wider than a pixel
/// become sharp blocks). Slices outside every cell, and blocks of only NaN cells, stay transparent.
/// </remarks>
public static class MeshPainter
{
    public static void Draw(Canvas canvas, Rect area, MeshGrid grid, AxisRange xRange, AxisRange yRange,
        ColorNormalization normalization, Colormap colormap)
    {
        var width = Math.Max(1, (int)Math.Round(area.Width));
        var height = Math.Max(1, (int)Math.Round(area.Height));
        var columns = PixelCells(grid.X, xRange, width);
        var rows = PixelCells(grid.Y, yRange, height);

        // Pass 1: every data row some pixel row shows, reduced to one sum and count per pixel column.
        var nx = grid.X.Length;
        var ny = grid.Y.Length;
        var values = grid.Values.Span;
        var sums = new double[ny * width];
        var counts = new int[ny * width];
        var (firstRow, endRow) = CoveredCells(rows);
        for (var j = firstRow; j < endRow; j++)
        {
            var source = values.Slice(j * nx, nx);
            for (var c = 0; c < width; c++)
            {
                var sum = 0.0;
                var count = 0;
                for (var i = columns.Start[c]; i < columns.End[c]; i++)
                {
                    var v = source[i];
                    if (double.IsNaN(v)) continue;
                    sum += v;
                    count++;
                }
                sums[j * width + c] = sum;
                counts[j * width + c] = count;
            }
        }

        // Pass 2: pixel rows bottom-up; neighbouring rows over the same cells (tall cells) are copies.
        using var image = ArgbImage.Create(width, height);
        for (var slice = 0; slice < height; slice++)
        {
            var target = image.Row(height - 1 - slice);
            int start = rows.Start[slice], end = rows.End[slice];
            if (slice > 0 && start == rows.Start[slice - 1] && end == rows.End[slice - 1])
            {
                image.Row(height - slice).CopyTo(target);
                continue;
            }
            for (var c = 0; c < width; c++)
            {
                var sum = 0.0;
                var count = 0;
                for (var j = start; j < end; j++)
                {
                    sum += sums[j * width + c];
                    count += counts[j * width + c];
                }
                target[c] = count > 0 ? colormap.MapArgb32(normalization.Normalize(sum / count)) : 0u;
            }
        }
        canvas.DrawImage(image, area);
    }

    /// <summary>The smallest cell range [first, end) covering every slice's cells (empty when no slice shows a cell).</summary>
    private static (int First, int End) CoveredCells((int[] Start, int[] End) slices)
    {
        int first = int.MaxValue, end = 0;
        for (var p = 0; p < slices.Start.Length; p++)
        {
            if (slices.End[p] <= slices.Start[p]) continue;
            first = Math.Min(first, slices.Start[p]);
            end = Math.Max(end, slices.End[p]);
        }
        return first < end ? (first, end) : (0, 0);
    }

    /// <summary>For each of <paramref name="pixels"/> equal slices of the axis, the cells [Start, End) it shows.</summary>
    internal static (int[] Start, int[] End) PixelCells(double[] centres, AxisRange range, int pixels)
    {
        if (range.Scale == AxisScale.Log && !(centres[0] > 0))
            throw new ArgumentException($"cells on a log axis need positive centres, the first is {centres[0]}");
        var domainCentres = new double[centres.Length];
        for (var i = 0; i < centres.Length; i++) domainCentres[i] = MeshGrid.ToDomain(centres[i], range.Scale);
        var edges = MeshGrid.DomainEdges(domainCentres);
        var start = new int[pixels];
        var end = new int[pixels];
        var low = range.DomainMin;
        var span = range.DomainMax - range.DomainMin;
        for (var p = 0; p < pixels; p++)
        {
            var from = low + span * p / pixels;
            var to = low + span * (p + 1) / pixels;
            var first = LowerBound(domainCentres, from);
            var last = LowerBound(domainCentres, to);
            if (last > first)
            {
                start[p] = first;
                end[p] = last;
                continue;
            }
            // No centre in the slice: the cell whose [lower, upper) edges hold the slice's centre, if any.
            var middle = (from + to) / 2;
            var cell = UpperBound(edges, middle) - 1;
            if (cell >= 0 && cell < centres.Length)
            {
                start[p] = cell;
                end[p] = cell + 1;
            }
        }
        return (start, end);
    }

    /// <summary>Index of the first element ≥ <paramref name="value"/> in an increasing array.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    /// <summary>Index of the first element > <paramref name="value"/> in an increasing array.</summary>
    private static int UpperBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
