using System.Globalization;

namespace Cluster.Storage.Readiness;

/// <summary>
/// How long a server process waits at start for its stores to answer, and how often it asks: the first retry after
/// <see cref="FirstDelay"/>, each next one twice as late up to <see cref="MaxDelay"/>, all within <see cref="Limit"/>.
/// Set with <c>Cluster:StartupWaitSeconds</c> or <c>CLUSTER_STARTUP_WAIT_SECONDS</c> (0: one attempt, no wait).
/// </summary>
public sealed record StartupWaitOptions
{
    public const string Setting = "Cluster:StartupWaitSeconds";
    public const string Variable = "CLUSTER_STARTUP_WAIT_SECONDS";

    /// <summary>Long enough for a database pod scheduled at the same time to start; short enough to surface a wrong address.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);

    public TimeSpan Limit { get; init; } = DefaultLimit;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one attempt may take (a connection to an address that drops packets hangs until then).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <param name="setting">Reads a configuration value by key (the section form first, then the environment variable).</param>
    /// <exception cref="ArgumentException">The value is not a number of seconds from 0 to one day.</exception>
    public static StartupWaitOptions From(Func<string, string?> setting)
    {
        var text = setting(Setting) is { Length: > 0 } configured ? configured : setting(Variable);
        if (string.IsNullOrWhiteSpace(text)) return new StartupWaitOptions();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds is >= 0 and <= 86400))
            throw new ArgumentException($"startup wait: '{text}' is not a number of seconds from 0 to 86400 ({Setting} / {Variable})");
        return new StartupWaitOptions { Limit = TimeSpan.FromSeconds(seconds) };
    }

    /// <summary>The pause after failed attempt <paramref name="attempt"/> (1-based): exponential, capped.</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30))));
}
