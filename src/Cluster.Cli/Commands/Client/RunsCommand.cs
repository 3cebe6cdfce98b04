using System.CommandLine;
using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster runs [--state S] [--kind K] [--json]</c>: the server's runs, newest first.</summary>
public static class RunsCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var state = new Option<string?>("--state") { Description = "pending, running, succeeded, completed_with_errors, failed or cancelled" };
        var kind = new Option<string?>("--kind") { Description = "Only runs of this job kind" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("runs", "List runs on the orchestrator, newest first") { state, kind, limit, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var stateText = parse.GetValue(state);
            RunState? filter = stateText is null ? null : StateText.ParseRunState(stateText);
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var runs = await client.ListRunsAsync(filter, parse.GetValue(kind), limit: parse.GetValue(limit), ct: ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, runs);
                    return ExitCodes.Ok;
                }
                var table = ResultConsole.Table(terminal, "NAME", "KIND", "STATE", "ITEMS", "ERRORS", "RATE", "ETA", "CREATED");
                foreach (var run in runs)
                {
                    table.AddRow(Markup.Escape(run.Name), Markup.Escape(run.Kind), run.State.Text(), RunFormatting.Finished(run),
                        run.Counts.Error.ToString(), RunFormatting.Rate(run.Rate), RunFormatting.Eta(run.EtaSeconds), RunFormatting.Time(run.CreatedAt));
                }
                ResultConsole.For(terminal).Write(table);
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
