using System.CommandLine;
using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// <c>cluster runs [--state S] [--kind K] [--sample NAME] [--since T] [--until T] [--json]</c>: the server's runs, newest
/// first; the times bound when a run was created (ISO 8601 or an age such as 12h).
/// </summary>
public static class RunsCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var state = new Option<string?>("--state") { Description = "pending, running, succeeded, completed_with_errors, failed or cancelled" };
        var kind = new Option<string?>("--kind") { Description = "Only runs of this job kind" };
        var sample = new Option<string?>("--sample") { Description = "Only runs of this sample (the spec's sample, or a catalog input's sample)" };
        var since = new Option<string?>("--since") { Description = "Only runs created at or after this time (ISO 8601, or an age: 30m, 12h, 7d)" };
        var until = new Option<string?>("--until") { Description = "Only runs created before this time (ISO 8601, or an age)" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs", DefaultValueFactory = _ => 100 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("runs", "List runs on the orchestrator, newest first") { state, kind, sample, since, until, limit, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var stateText = parse.GetValue(state);
            RunState? filter = stateText is null ? null : StateText.ParseRunState(stateText);
            DateTimeOffset? from, to;
            try
            {
                from = TimeArgument.Parse(parse.GetValue(since), "--since", DateTimeOffset.Now);
                to = TimeArgument.Parse(parse.GetValue(until), "--until", DateTimeOffset.Now);
            }
            catch (ArgumentException e)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var runs = await client.ListRunsAsync(filter, parse.GetValue(kind), parse.GetValue(sample), parse.GetValue(limit), ct, from, to);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, runs);
                    return ExitCodes.Ok;
                }
                var table = ResultConsole.Table(terminal, "NAME", "KIND", "SAMPLE", "STATE", "ITEMS", "ERRORS", "RATE", "ETA", "CREATED");
                foreach (var run in runs)
                {
                    table.AddRow(Markup.Escape(run.Name), Markup.Escape(run.Kind), Markup.Escape(run.Sample ?? "-"), run.State.Text(), RunFormatting.Finished(run),
                        run.Counts.Error.ToString(), RunFormatting.Rate(run.Rate), RunFormatting.Eta(run.EtaSeconds), RunFormatting.Time(run.CreatedAt));
                }
                ResultConsole.WriteRows(terminal, table, "no runs");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
