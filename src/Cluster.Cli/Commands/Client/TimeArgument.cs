using System.Globalization;
using System.Text.RegularExpressions;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// A point in time on the command line: ISO 8601 (<c>2026-03-05</c>, <c>2026-03-05T08:00:00Z</c>; without an offset it
/// is local time, as a user types it) or an age (<c>30m</c>, <c>12h</c>, <c>7d</c> ago).
/// </summary>
public static partial class TimeArgument
{
    /// <exception cref="ArgumentException">Neither form; the message starts with <paramref name="option"/>.</exception>
    public static DateTimeOffset? Parse(string? text, string option, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var age = Age().Match(text);
        if (age.Success)
        {
            var amount = double.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture);
            return now - age.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time))
            return time;
        throw new ArgumentException($"{option}: '{text}' is neither an ISO 8601 time (2026-03-05T08:00) nor an age (30m, 12h, 7d)");
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)([smhd])$")]
    private static partial Regex Age();
}
