namespace Cluster.Plotting;

/// <summary>
/// Exact percentiles (numpy's default linear interpolation between order statistics) of the cells a selection keeps,
/// without sorting or copying the grid: each pass histograms the cells still in question into 4096 bins and keeps only
/// the bin holding the wanted rank, until that bin is small enough to sort or holds a single value. Grids of 65536 x
/// 1024 cells therefore cost a few linear passes and kilobytes, not a 256 MB copy and a sort.
/// </summary>
internal static class SelectedPercentile
{
    private const int Bins = 4096;
    private const int SortBelow = 4096;

    /// <summary>The <paramref name="q"/>-th percentile (0..100) of the cells <typeparamref name="TSelection"/> keeps; NaN when it keeps none.</summary>
    public static double Of<TSelection>(ReadOnlySpan<float> values, double q) where TSelection : ColorNormalization.ICellSelection
    {
        if (!(q >= 0 && q <= 100)) throw new ArgumentOutOfRangeException(nameof(q), q, "a percentile is between 0 and 100");
        long count = 0;
        float low = float.PositiveInfinity, high = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (!TSelection.Select(v)) continue;
            count++;
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        if (count == 0) return double.NaN;
        var position = (count - 1) * (q / 100.0);
        var rank = (long)Math.Floor(position);
        var (lower, upper) = RankAndNext<TSelection>(values, rank, low, high);
        if (rank + 1 >= count) return lower;
        var fraction = position - rank;
        // numpy's lerp from the nearer end, so that a fraction of 1 gives the upper value exactly.
        return fraction >= 0.5 ? upper - (upper - lower) * (1 - fraction) : lower + (upper - lower) * fraction;
    }

    /// <summary>
    /// The <paramref name="rank"/>-th smallest (0-based) selected cell and the one after it (+∞ when there is none);
    /// every selected cell lies in [low, high].
    /// </summary>
    private static (double Value, double Next) RankAndNext<TSelection>(ReadOnlySpan<float> values, long rank, float low, float high)
        where TSelection : ColorNormalization.ICellSelection
    {
        var counts = new long[Bins];
        var binLow = new float[Bins];
        var binHigh = new float[Bins];
        var above = float.PositiveInfinity; // the smallest selected cell above [low, high]
        while (true)
        {
            // Only on the first pass (later passes return on a single-valued bin): every selected cell is this value.
            if (low == high) return (low, low);
            Array.Clear(counts);
            Array.Fill(binLow, float.PositiveInfinity);
            Array.Fill(binHigh, float.NegativeInfinity);
            var scale = Bins / ((double)high - low);
            foreach (var v in values)
            {
                if (!TSelection.Select(v) || v < low || v > high) continue;
                var b = Math.Min(Bins - 1, (int)((v - (double)low) * scale));
                counts[b]++;
                binLow[b] = Math.Min(binLow[b], v);
                binHigh[b] = Math.Max(binHigh[b], v);
            }
            // The bin index never decreases with the value, so every cell of an earlier bin is below every cell of a later one.
            var bin = 0;
            while (rank >= counts[bin])
            {
                rank -= counts[bin];
                bin++;
            }
            for (var later = bin + 1; later < Bins; later++)
                if (counts[later] > 0)
                {
                    above = binLow[later];
                    break;
                }
            if (binLow[bin] == binHigh[bin])
                return (binLow[bin], rank + 1 < counts[bin] ? binLow[bin] : above);
            (low, high) = (binLow[bin], binHigh[bin]);
            if (counts[bin] > SortBelow) continue;
            var cells = new List<float>((int)counts[bin]);
            foreach (var v in values)
                if (TSelection.Select(v) && v >= low && v <= high) cells.Add(v);
            cells.Sort();
            return (cells[(int)rank], rank + 1 < cells.Count ? cells[(int)rank + 1] : above);
        }
    }
}
