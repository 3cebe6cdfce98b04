using System.Numerics;

namespace Cluster.Plotting;

/// <summary>
/// Maps linear data values to colormap positions in [0, 1]. <see cref="VMin"/> and <see cref="VMax"/> are in
/// the scale's units: data units for <see cref="ColorScale.Linear"/> and <see cref="ColorScale.Log"/>, dB for
/// <see cref="ColorScale.Decibel"/>.
/// </summary>
/// <remarks>
/// Defaults when a limit is not given are robust to a few stray cells: linear uses the 1st percentile of the finite
/// values (numpy's linear percentile) and their maximum, so one bin that came out exactly 0 in single precision (drawn
/// at a −270 dBm/Hz floor) cannot stretch the colour bar; the maximum stays, because a narrow tone, the feature a
/// spectrogram is made for, can be far fewer than 1 % of the cells. Log uses the 1st percentile of the finite positive
/// values and their maximum. Decibel uses the peak (10·log10 of the largest finite positive value) and
/// peak − <see cref="DefaultDecibelRange"/> dB, raised to the smallest positive value if the data span less: zeros
/// are no positive value and a stray tiny one cannot reach below the 80 dB range, so it is robust as it is.
/// Equal limits are widened by ±5 % (±0.5 at zero).
/// </remarks>
public sealed record ColorNormalization
{
    public const double DefaultDecibelRange = 80;

    /// <summary>The percentile the default lower limit sits at.</summary>
    public const double DefaultLowerPercentile = 1;

    public ColorScale Scale { get; }
    public double VMin { get; }
    public double VMax { get; }

    // Log scale: log10 of the limits, computed once because Normalize runs per pixel.
    private readonly double _logMin;
    private readonly double _logSpan;

    public ColorNormalization(ColorScale scale, double vmin, double vmax)
    {
        if (!double.IsFinite(vmin) || !double.IsFinite(vmax) || !(vmin < vmax))
            throw new ArgumentException($"colour limits must be finite with vmin < vmax, got vmin={vmin}, vmax={vmax}");
        if (scale == ColorScale.Log && !(vmin > 0))
            throw new ArgumentException($"log colour limits must be positive, got vmin={vmin}, vmax={vmax}");
        Scale = scale;
        VMin = vmin;
        VMax = vmax;
        if (scale == ColorScale.Log)
        {
            _logMin = Math.Log10(vmin);
            _logSpan = Math.Log10(vmax) - _logMin;
        }
    }

    /// <summary>The colourbar's axis: the limits on a log axis for <see cref="ColorScale.Log"/>, else linear.</summary>
    public AxisRange ColorbarRange => new(VMin, VMax, Scale == ColorScale.Log ? AxisScale.Log : AxisScale.Linear);

    public static ColorNormalization FromData(ReadOnlySpan<float> values, ColorScale scale, double? vmin = null, double? vmax = null)
    {
        if (vmin is { } explicitMin && vmax is { } explicitMax)
            return new ColorNormalization(scale, explicitMin, explicitMax);

        var (low, high) = scale switch
        {
            ColorScale.Linear => LinearDataRange(values),
            ColorScale.Log => LogDataRange(values),
            _ => DecibelDataRange(values),
        };
        var resolvedMin = vmin ?? low;
        var resolvedMax = vmax ?? high;
        if (!double.IsFinite(resolvedMin) || !double.IsFinite(resolvedMax))
            throw new ArgumentException($"colour limits must be finite, got vmin={resolvedMin}, vmax={resolvedMax}");
        if (resolvedMin > resolvedMax)
        {
            // One explicit limit beyond the data: keep it and place the other next to it.
            if (vmin is null) resolvedMin = resolvedMax;
            else resolvedMax = resolvedMin;
        }
        if (resolvedMin == resolvedMax)
        {
            var half = resolvedMin == 0 ? 0.5 : Math.Abs(resolvedMin) * 0.05;
            resolvedMin -= half;
            resolvedMax += half;
        }
        return new ColorNormalization(scale, resolvedMin, resolvedMax);
    }

    /// <summary>A linear data value in the scale's units (dB for Decibel, −∞ for values ≤ 0; unchanged otherwise).</summary>
    public double ToScaleUnits(double linear) => Scale switch
    {
        ColorScale.Decibel => linear > 0 ? 10 * Math.Log10(linear) : double.IsNaN(linear) ? double.NaN : double.NegativeInfinity,
        _ => linear,
    };

    /// <summary>Colormap position of a linear data value; NaN stays NaN, everything else is clipped to [0, 1].</summary>
    public double Normalize(double linear) => NormalizeScaled(ToScaleUnits(linear));

    /// <summary>Colormap position of a value already in the scale's units (e.g. a colourbar tick in dB).</summary>
    public double NormalizeScaled(double scaled)
    {
        if (double.IsNaN(scaled)) return double.NaN;
        var t = Scale == ColorScale.Log
            ? scaled > 0 ? (Math.Log10(scaled) - _logMin) / _logSpan : 0
            : (scaled - VMin) / (VMax - VMin);
        return t <= 0 ? 0 : t >= 1 ? 1 : t;
    }

    // Both scans are vectorised: they read every cell of grids up to 65536 × 1024 once per figure.
    private static (double Low, double High) LinearDataRange(ReadOnlySpan<float> values)
    {
        var (low, high) = MinMaxWhere<FiniteCells>(values);
        return low <= high ? (SelectedPercentile.Of<FiniteCells>(values, DefaultLowerPercentile), high) : (0, 1);
    }

    private static (double Low, double High) LogDataRange(ReadOnlySpan<float> values)
    {
        var (smallestPositive, largest) = MinMaxWhere<FinitePositiveCells>(values);
        return smallestPositive <= largest ? (SelectedPercentile.Of<FinitePositiveCells>(values, DefaultLowerPercentile), largest) : (1, 10);
    }

    private static (double Low, double High) DecibelDataRange(ReadOnlySpan<float> values)
    {
        var (smallestPositive, largest) = MinMaxWhere<FinitePositiveCells>(values);
        if (smallestPositive > largest) return (-DefaultDecibelRange, 0);
        var peak = 10 * Math.Log10(largest);
        return (Math.Max(peak - DefaultDecibelRange, 10 * Math.Log10(smallestPositive)), peak);
    }

    /// <summary>Which cells take part in the default limits. Comparisons with NaN are false, so NaN never does.</summary>
    internal interface ICellSelection
    {
        static abstract Vector<int> Select(Vector<float> cells);
        static abstract bool Select(float cell);
    }

    internal readonly struct FiniteCells : ICellSelection
    {
        public static Vector<int> Select(Vector<float> cells) =>
            Vector.LessThan(Vector.Abs(cells), new Vector<float>(float.PositiveInfinity));

        public static bool Select(float cell) => float.IsFinite(cell);
    }

    internal readonly struct FinitePositiveCells : ICellSelection
    {
        public static Vector<int> Select(Vector<float> cells) =>
            Vector.GreaterThan(cells, Vector<float>.Zero) & Vector.LessThan(cells, new Vector<float>(float.PositiveInfinity));

        public static bool Select(float cell) => cell > 0 && cell < float.PositiveInfinity;
    }

    /// <summary>Min and max over the selected cells; (+∞, −∞) when none is selected.</summary>
    private static (float Min, float Max) MinMaxWhere<TSelection>(ReadOnlySpan<float> values) where TSelection : ICellSelection
    {
        var lows = new Vector<float>(float.PositiveInfinity);
        var highs = new Vector<float>(float.NegativeInfinity);
        var i = 0;
        for (; i + Vector<float>.Count <= values.Length; i += Vector<float>.Count)
        {
            var v = new Vector<float>(values[i..]);
            var selected = TSelection.Select(v);
            lows = Vector.Min(lows, Vector.ConditionalSelect(selected, v, lows));
            highs = Vector.Max(highs, Vector.ConditionalSelect(selected, v, highs));
        }
        var low = float.PositiveInfinity;
        var high = float.NegativeInfinity;
        for (var lane = 0; lane < Vector<float>.Count; lane++)
        {
            low = Math.Min(low, lows[lane]);
            high = Math.Max(high, highs[lane]);
        }
        for (; i < values.Length; i++)
        {
            if (!TSelection.Select(values[i])) continue;
            low = Math.Min(low, values[i]);
            high = Math.Max(high, values[i]);
        }
        return (low, high);
    }
}
