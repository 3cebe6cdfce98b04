using System.Globalization;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Cli.Commands.Client;

/// <summary>The text forms of run figures shared by the client commands (rates, ETAs, times), invariant culture.</summary>
public static class RunFormatting
{
    public static string Rate(double? perSecond) =>
        perSecond is { } rate ? rate.ToString(rate >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture) + "/s" : "-";

    public static string Eta(double? seconds) => seconds switch
    {
        null => "-",
        < 1 => "0s",
        < 3600 => TimeSpan.FromSeconds(Math.Round(seconds.Value)).ToString(@"m\:ss", CultureInfo.InvariantCulture),
        _ => TimeSpan.FromSeconds(Math.Round(seconds.Value)).ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture),
    };

    /// <summary>"3 items on worker W, not answering since 10:04:05; back in the queue by 10:05:02 (lease expiry), sooner if its silo is declared dead".</summary>
    public static string Stalled(StalledLeases stalled) =>
        $"{stalled.Items} {(stalled.Items == 1 ? "item" : "items")} on worker {stalled.Worker}, " +
        (stalled.SilentSince is { } since ? $"not answering since {Time(since)}" : "not registered") +
        $"; back in the queue by {Time(stalled.ReturnsBy)} (lease expiry), sooner if its silo is declared dead";

    public static string Time(DateTimeOffset? at) =>
        at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    public static string Finished(RunStatus run) => $"{run.Counts.Done + run.Counts.Error + run.Counts.NoData}/{run.Total}";

    /// <summary>Exit code of a finished run: 0 when every item is done or no_data, else 1.</summary>
    public static int ExitCode(RunStatus run) =>
        run.State == RunState.Succeeded && run.Counts.Error == 0 && run.Counts.Cancelled == 0 ? ExitCodes.Ok : ExitCodes.Failed;
}
