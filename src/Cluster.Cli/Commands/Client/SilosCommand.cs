using System.CommandLine;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster silos [--json]</c>: the cluster's silos (orchestrators and workers), as the membership sees them.</summary>
public static class SilosCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("silos", "List the cluster's silos: role, membership status, slots in use, activations") { json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var silos = await client.ListSilosAsync(ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, silos);
                    return ExitCodes.Ok;
                }
                var table = ResultConsole.Table(terminal, "NAME", "ADDRESS", "ROLE", "STATUS", "SLOTS", "ACTIVATIONS", "LAST ALIVE");
                foreach (var silo in silos)
                {
                    var status = silo.Status == "active" ? "active" : $"[red]{Markup.Escape(silo.Status)}[/]";
                    table.AddRow(Markup.Escape(silo.Name), Markup.Escape(silo.Address), silo.Role, status,
                        silo.Slots is { } slots ? $"{silo.Busy}/{slots}" : "-", silo.Activations?.ToString() ?? "-",
                        RunFormatting.Time(silo.LastAliveAt));
                }
                ResultConsole.WriteRows(terminal, table, "no silos");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
