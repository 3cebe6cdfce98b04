using System.Globalization;

namespace Cluster.Signal;

/// <summary>
/// Combines what a file records with what the user gave (<see cref="IqOpenOptions"/>): the user's value wins, and
/// every use of it, or of a default, becomes a note that the processor reports with the item.
/// </summary>
internal static class RecordingFacts
{
    public static double SampleRate(string path, IqOpenOptions options, double? recorded, string where, List<string> notes)
    {
        if (options.SampleRate is { } given)
        {
            notes.Add(recorded is { } r
                ? r == given ? $"sample rate {Hz(given)} given, equal to the file's ({where})" : $"sample rate {Hz(given)} given, overriding the file's {Hz(r)} ({where})"
                : $"sample rate {Hz(given)} given (the file records none)");
            return given;
        }
        return recorded ?? throw new InvalidIqFileException(path,
            $"the file records no sample rate ({where}): give it with --sample-rate (sample_rate in a job spec)");
    }

    public static double CenterFrequency(IqOpenOptions options, double? recorded, string where, List<string> notes)
    {
        if (options.CenterFrequency is { } given)
        {
            notes.Add(recorded is { } r
                ? r == given ? $"centre frequency {Hz(given)} given, equal to the file's ({where})" : $"centre frequency {Hz(given)} given, overriding the file's {Hz(r)} ({where})"
                : $"centre frequency {Hz(given)} given (the file records none)");
            return given;
        }
        if (recorded is { } value) return value;
        notes.Add($"the file records no centre frequency ({where}): frequencies are relative to 0 Hz (give --center-frequency)");
        return 0;
    }

    public static string Hz(double value) => value.ToString("0.######", CultureInfo.InvariantCulture) + " Hz";
}
