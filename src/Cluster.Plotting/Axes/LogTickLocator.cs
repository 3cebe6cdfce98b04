using System.Globalization;

namespace Cluster.Plotting;

/// <summary>
/// Ticks for log axes as matplotlib draws them by default: labelled decades (10⁰, 10¹, 10² …, superscripts as
/// in its LogFormatterSciNotation) with unlabelled minor ticks at 2..9 × 10^k.
/// </summary>
public static class LogTickLocator
{
    // Unicode superscripts: DejaVu Sans has them, and one-line text (the same in PNG, SVG and PDF) cannot raise glyphs itself.
    private const string SuperscriptDigits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private const char SuperscriptMinus = '⁻';

    /// <summary>
    /// Two or more decades in view: every decade, or every n-th one so that at most <paramref name="maxTicks"/>
    /// are labelled (the skipped decades become minor ticks). Less than two: 1, 2 and 5 × 10^k, labelled
    /// "2×10¹"; if fewer than two of those fit either, linear 1-2-5 ticks.
    /// </summary>
    public static TickSet Locate(double min, double max, int maxTicks = TickLocator.DefaultMaxTicks)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(max > min) || !(min > 0))
            throw new ArgumentException($"log tick range must be finite and positive with min < max, got [{min}, {max}]");
        if (maxTicks < 2)
            throw new ArgumentOutOfRangeException(nameof(maxTicks), $"need room for at least 2 ticks, got {maxTicks}");

        var lowExponent = (int)Math.Ceiling(Math.Log10(min) - 1e-9);
        var highExponent = (int)Math.Floor(Math.Log10(max) + 1e-9);
        var decades = highExponent - lowExponent + 1;
        if (decades >= 2) return Decades(min, max, lowExponent, highExponent, maxTicks);

        var majors = new List<double>();
        var labels = new List<string>();
        var minors = new List<double>();
        for (var exponent = highExponent - 1; exponent <= highExponent; exponent++)
        {
            for (var mantissa = 1; mantissa <= 9; mantissa++)
            {
                var value = TickLocator.Decimal(mantissa, exponent);
                if (!Inside(value, min, max)) continue;
                if (mantissa is 1 or 2 or 5)
                {
                    majors.Add(value);
                    labels.Add(Label(mantissa, exponent));
                }
                else minors.Add(value);
            }
        }
        if (majors.Count >= 2 && majors.Count <= maxTicks)
            return new TickSet(majors, 0) { Labels = labels, Minor = minors };
        return TickLocator.Locate(min, max, maxTicks);
    }

    private static TickSet Decades(double min, double max, int lowExponent, int highExponent, int maxTicks)
    {
        var decades = highExponent - lowExponent + 1;
        var stride = (decades + maxTicks - 1) / maxTicks;
        // Labelled decades at multiples of the stride (10⁰, 10³, 10⁶ …) as matplotlib picks them, unless that
        // leaves fewer than two in view; then every stride-th decade from the lowest.
        var labelled = Enumerable.Range(lowExponent, decades).Where(k => k % stride == 0).ToList();
        if (labelled.Count < 2)
            labelled = Enumerable.Range(0, (decades + stride - 1) / stride).Select(i => lowExponent + i * stride).ToList();

        var minors = new List<double>();
        if (stride == 1)
        {
            for (var exponent = lowExponent - 1; exponent <= highExponent; exponent++)
                for (var mantissa = 2; mantissa <= 9; mantissa++)
                {
                    var value = TickLocator.Decimal(mantissa, exponent);
                    if (Inside(value, min, max)) minors.Add(value);
                }
        }
        else
        {
            minors.AddRange(Enumerable.Range(lowExponent, decades).Except(labelled).Select(k => TickLocator.Decimal(1, k)));
        }
        return new TickSet(labelled.Select(k => TickLocator.Decimal(1, k)).ToArray(), stride)
        {
            Labels = labelled.Select(k => Label(1, k)).ToArray(),
            Minor = minors,
        };
    }

    /// <summary>"10²", "10⁻³", "2×10¹": the way matplotlib's default log formatter writes them.</summary>
    public static string Label(int mantissa, int exponent)
    {
        var power = "10" + Superscript(exponent);
        return mantissa == 1 ? power : mantissa.ToString(CultureInfo.InvariantCulture) + "×" + power;
    }

    private static string Superscript(int exponent)
    {
        var digits = Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).Select(d => SuperscriptDigits[d - '0']);
        return (exponent < 0 ? SuperscriptMinus.ToString() : "") + string.Concat(digits);
    }

    private static bool Inside(double value, double min, double max) => value >= min * (1 - 1e-12) && value <= max * (1 + 1e-12);
}
