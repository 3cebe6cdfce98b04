using System.CommandLine;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster watch list [--json]</c>: the orchestrator's watches by name.</summary>
public static class WatchListCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("list", "List watched directories") { json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var watches = await client.ListWatchesAsync(ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, watches);
                    return ExitCodes.Ok;
                }
                var table = ResultConsole.Table(terminal, "NAME", "SOURCE", "PATTERN", "SETTLE", "KIND", "FILES", "VERSIONS", "CREATED");
                foreach (var watch in watches)
                {
                    table.AddRow(Markup.Escape(watch.Name), Markup.Escape(watch.Source), Markup.Escape(watch.Pattern), $"{watch.SettleSeconds} s",
                        Markup.Escape(watch.Kind), watch.FilesSeen.ToString(), watch.VersionsEnqueued.ToString(), RunFormatting.Time(watch.CreatedAt));
                }
                ResultConsole.WriteRows(terminal, table, "no watches");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
