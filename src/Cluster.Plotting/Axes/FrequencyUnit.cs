using System.Globalization;

namespace Cluster.Plotting;

/// <summary>A unit for frequency axes: Hz, kHz, MHz or GHz.</summary>
public sealed record FrequencyUnit(string Symbol, double Hertz)
{
    public static readonly FrequencyUnit Hz = new("Hz", 1);
    public static readonly FrequencyUnit KHz = new("kHz", 1e3);
    public static readonly FrequencyUnit MHz = new("MHz", 1e6);
    public static readonly FrequencyUnit GHz = new("GHz", 1e9);

    /// <summary>The largest unit in which <paramref name="hertz"/> is at least 1 (Hz below 1 kHz).</summary>
    public static FrequencyUnit ForMagnitude(double hertz)
    {
        var magnitude = Math.Abs(hertz);
        return magnitude >= 1e9 ? GHz : magnitude >= 1e6 ? MHz : magnitude >= 1e3 ? KHz : Hz;
    }

    /// <summary>Unit for an axis covering <paramref name="spanHz"/>: a 200 kHz span reads in kHz, 20 MHz in MHz.</summary>
    public static FrequencyUnit ForSpan(double spanHz) => ForMagnitude(spanHz);

    public double FromHertz(double hertz) => hertz / Hertz;

    /// <summary>"244.7789 MHz": the value in its own magnitude's unit, up to 9 decimals, trailing zeros dropped.</summary>
    public static string FormatWithUnit(double hertz)
    {
        var unit = ForMagnitude(hertz);
        var scaled = Math.Round(unit.FromHertz(hertz), 9);
        return scaled.ToString("0.#########", CultureInfo.InvariantCulture) + " " + unit.Symbol;
    }
}
