using System.Globalization;

namespace Cluster.Signal;

/// <summary>
/// The <c>.TXT</c> file the HackRF PortaPack (Mayhem firmware, capture app) writes beside a <c>.C16</c>/<c>.C8</c>
/// capture: <c>key=value</c> lines, of which <c>sample_rate</c> and <c>center_frequency</c> (Hz) matter here.
/// </summary>
internal static class PortaPackSidecar
{
    public static readonly string[] CaptureExtensions = [".c16", ".c8"];

    /// <summary>The sidecar of a capture (same stem, .TXT or .txt), if it exists.</summary>
    public static string? Find(string capturePath)
    {
        if (!CaptureExtensions.Contains(Path.GetExtension(capturePath).ToLowerInvariant())) return null;
        foreach (var extension in new[] { ".TXT", ".txt" })
        {
            var candidate = Path.ChangeExtension(capturePath, extension);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The capture a sidecar belongs to, if one exists beside it.</summary>
    public static string? CaptureOf(string sidecarPath)
    {
        if (!Path.GetExtension(sidecarPath).Equals(".txt", StringComparison.OrdinalIgnoreCase)) return null;
        foreach (var extension in new[] { ".C16", ".C8", ".c16", ".c8" })
        {
            var candidate = Path.ChangeExtension(sidecarPath, extension);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static (double? SampleRate, double? CenterFrequency) Read(string path)
    {
        double? rate = null, centre = null;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            var equals = line.IndexOf('=');
            if (equals < 0) continue;
            var key = line[..equals].Trim().ToLowerInvariant();
            if (key is not ("sample_rate" or "center_frequency")) continue;
            var text = line[(equals + 1)..].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new InvalidIqFileException(path, $"line {lineNumber}: {key} is not a number: '{text}'");
            if (key == "sample_rate") rate = value;
            else centre = value;
        }
        return (rate, centre);
    }
}
