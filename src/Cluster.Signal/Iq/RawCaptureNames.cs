using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.Signal;

/// <summary>
/// What a headerless capture's name says: the sample type by the extension SDR programs use, and rtl_433's
/// <c>NAME_433.92M_250k.cu8</c> convention for centre frequency and sample rate (rtl_433 <c>-w</c>/<c>-S</c> dumps).
/// </summary>
internal static partial class RawCaptureNames
{
    /// <summary>Extension -> sample type. .bin, .raw and .iq carry no type: they default to cf32 (or --raw-format).</summary>
    public static readonly IReadOnlyDictionary<string, SampleFormat> Extensions = new Dictionary<string, SampleFormat>
    {
        [".cfile"] = SampleFormat.Cf32,   // GNU Radio file sink of gr_complex
        [".cf32"] = SampleFormat.Cf32,
        [".fc32"] = SampleFormat.Cf32,
        [".complex"] = SampleFormat.Cf32, // Universal Radio Hacker
        [".cs16"] = SampleFormat.Ci16,
        [".ci16"] = SampleFormat.Ci16,
        [".sc16"] = SampleFormat.Ci16,    // UHD
        [".c16"] = SampleFormat.Ci16,     // HackRF PortaPack
        [".cs8"] = SampleFormat.Ci8,      // hackrf_transfer
        [".ci8"] = SampleFormat.Ci8,
        [".c8"] = SampleFormat.Ci8,       // HackRF PortaPack
        [".cu8"] = SampleFormat.Cu8,      // rtl_sdr, rtl_433
        [".bin"] = SampleFormat.Cf32,
        [".raw"] = SampleFormat.Cf32,
        [".iq"] = SampleFormat.Cf32,
    };

    [GeneratedRegex(@"_(\d+(?:\.\d+)?)([kMG])_(\d+(?:\.\d+)?)([kM])$")]
    private static partial Regex Rtl433Suffix();

    /// <summary>Centre (Hz) and rate (S/s) from a stem ending in <c>_433.92M_250k</c>, or null.</summary>
    public static (double Center, double Rate)? Rtl433(string path)
    {
        var match = Rtl433Suffix().Match(Path.GetFileNameWithoutExtension(path));
        if (!match.Success) return null;
        static double Value(Group number, Group unit) =>
            double.Parse(number.Value, CultureInfo.InvariantCulture) * unit.Value switch { "k" => 1e3, "M" => 1e6, _ => 1e9 };
        return (Value(match.Groups[1], match.Groups[2]), Value(match.Groups[3], match.Groups[4]));
    }
}
