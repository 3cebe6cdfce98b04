using System.Globalization;
using Cluster.Cli.Commands.Client;
using Cluster.Formats.Catalog;
using Spectre.Console;

namespace Cluster.Cli.Commands.Catalog;

/// <summary>Run summaries as a table or as JSON (snake_case, times as unix seconds and ISO 8601 UTC).</summary>
internal static class CatalogRunRows
{
    public static int Write(Terminal terminal, IReadOnlyList<CatalogRunSummary> runs, bool json)
    {
        if (json)
        {
            ResultConsole.WriteJson(terminal, runs.Select(Json).ToList());
            return ExitCodes.Ok;
        }
        var table = ResultConsole.Table(terminal, "UID", "PLAN", "SAMPLE", "START", "DURATION", "STATUS");
        foreach (var run in runs)
            table.AddRow(Markup.Escape(run.Uid), Markup.Escape(run.PlanName), Markup.Escape(run.SampleName ?? "-"), Time(run.TimeStart),
                run.TimeStop is { } stop ? Duration(stop - run.TimeStart) : "running", Markup.Escape(run.ExitStatus ?? "-"));
        ResultConsole.WriteRows(terminal, table, "no runs");
        return ExitCodes.Ok;
    }

    public static Dictionary<string, object?> Json(CatalogRunSummary run) => new()
    {
        ["uid"] = run.Uid,
        ["plan_name"] = run.PlanName,
        ["sample"] = run.SampleName,
        ["time_start"] = run.TimeStart,
        ["time_stop"] = run.TimeStop,
        ["start"] = Iso(run.TimeStart),
        ["stop"] = run.TimeStop is { } stop ? Iso(stop) : null,
        ["exit_status"] = run.ExitStatus,
    };

    public static string Iso(double unixSeconds) =>
        DateTimeOffset.UnixEpoch.AddSeconds(unixSeconds).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Time(double unixSeconds) =>
        RunFormatting.Time(DateTimeOffset.UnixEpoch.AddSeconds(unixSeconds));

    public static string Duration(double seconds) =>
        seconds < 60 ? seconds.ToString("0.#", CultureInfo.InvariantCulture) + " s" : TimeSpan.FromSeconds(Math.Round(seconds)).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture);
}
