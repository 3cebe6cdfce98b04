using System.Numerics;

namespace Cluster.Plotting;

/// <summary>Reduces a grid to at most a given number of bins per axis by averaging the cells in each bin.</summary>
public static class GridResampler
{
    /// <summary>
    /// Bin b of an axis with n cells and m bins holds cells [⌊b·n/m⌋, ⌊(b+1)·n/m⌋), so every cell counts
    /// exactly once. Means skip NaN cells; a bin of only NaN cells is NaN. Requires m ≤ n on both axes.
    /// </summary>
    public static double[] Average(HeatmapGrid grid, int outRows, int outColumns)
    {
        if (outRows <= 0 || outRows > grid.Rows || outColumns <= 0 || outColumns > grid.Columns)
            throw new ArgumentOutOfRangeException(nameof(outRows),
                $"bins {outRows}x{outColumns} must be between 1 and the grid size {grid.Rows}x{grid.Columns}");

        var values = grid.Values.Span;
        var columnStarts = BinStarts(grid.Columns, outColumns);
        var sums = new double[outColumns];
        var counts = new int[outColumns];
        var result = new double[outRows * outColumns];
        for (var bin = 0; bin < outRows; bin++)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            var firstRow = (int)((long)bin * grid.Rows / outRows);
            var endRow = (int)((long)(bin + 1) * grid.Rows / outRows);
            for (var r = firstRow; r < endRow; r++)
                AccumulateRow(values.Slice(r * grid.Columns, grid.Columns), columnStarts, sums, counts);
            var output = result.AsSpan(bin * outColumns, outColumns);
            for (var c = 0; c < outColumns; c++)
                output[c] = counts[c] > 0 ? sums[c] / counts[c] : double.NaN;
        }
        return result;
    }

    private static int[] BinStarts(int cells, int bins)
    {
        var starts = new int[bins + 1];
        for (var b = 0; b <= bins; b++)
            starts[b] = (int)((long)b * cells / bins);
        return starts;
    }

    private static void AccumulateRow(ReadOnlySpan<float> row, int[] starts, double[] sums, int[] counts)
    {
        for (var b = 0; b < sums.Length; b++)
        {
            var (sum, count) = SumSkippingNaN(row[starts[b]..starts[b + 1]]);
            sums[b] += sum;
            counts[b] += count;
        }
    }

    // Vectorised because a 65536 × 1024 spectrogram passes every cell through here once per figure.
    // Partial sums stay in float only within one row of one bin (a few hundred cells at most).
    private static (double Sum, int Count) SumSkippingNaN(ReadOnlySpan<float> cells)
    {
        var sums = Vector<float>.Zero;
        var counts = Vector<int>.Zero;
        var i = 0;
        for (; i + Vector<float>.Count <= cells.Length; i += Vector<float>.Count)
        {
            var v = new Vector<float>(cells[i..]);
            var present = Vector.Equals(v, v); // all ones except where v is NaN
            sums += Vector.ConditionalSelect(present, v, Vector<float>.Zero);
            counts -= present;
        }
        double sum = Vector.Sum(sums);
        var count = Vector.Sum(counts);
        for (; i < cells.Length; i++)
        {
            if (float.IsNaN(cells[i])) continue;
            sum += cells[i];
            count++;
        }
        return (sum, count);
    }
}
