using System.Globalization;

namespace Cluster.Plotting;

/// <summary>Compact tick labels: as many decimals as the tick step needs, scientific for very large or small values.</summary>
public static class TickFormatter
{
    public static string Format(double value, double step)
    {
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        var stepExponent = (int)Math.Floor(Math.Log10(Math.Abs(step)) + 1e-9);
        if (magnitude >= 1e6 || magnitude < 1e-3)
        {
            var valueExponent = (int)Math.Floor(Math.Log10(magnitude) + 1e-9);
            var digits = Math.Max(0, valueExponent - stepExponent);
            return value.ToString("0." + new string('#', digits) + "e0", CultureInfo.InvariantCulture);
        }
        var decimals = Math.Max(0, -stepExponent);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }
}
