using System.CommandLine;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster status RUN [--json]</c>: one run's state, item counts, rate and ETA.</summary>
public static class StatusCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("status", "Show one run: state, item counts, rate and ETA") { run, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var status = await client.GetRunAsync(parse.GetRequiredValue(run), ct);
                if (parse.GetValue(json)) ResultConsole.WriteJson(terminal, status);
                else ResultConsole.For(terminal).Write(Describe(terminal, status));
                return ExitCodes.Ok;
            }
        }));
        return command;
    }

    private static Table Describe(Terminal terminal, RunStatus run)
    {
        var table = ResultConsole.Table(terminal, "FIELD", "VALUE");
        table.ShowHeaders = false;
        void Row(string field, string value) => table.AddRow(Markup.Escape(field), Markup.Escape(value));
        Row("name", run.Name);
        Row("kind", run.Kind);
        Row("state", run.State.Text());
        if (run.Sample is not null) Row("sample", run.Sample);
        Row("items", $"{run.Total} total: {run.Counts.Done} done, {run.Counts.Error} error, {run.Counts.NoData} no_data, " +
                     $"{run.Counts.Pending} pending, {run.Counts.Leased} leased, {run.Counts.Cancelled} cancelled");
        Row("rate", RunFormatting.Rate(run.Rate));
        Row("eta", RunFormatting.Eta(run.EtaSeconds));
        foreach (var stalled in run.Stalled ?? [])
            Row("waiting on", RunFormatting.Stalled(stalled));
        Row("created", RunFormatting.Time(run.CreatedAt));
        Row("started", RunFormatting.Time(run.StartedAt));
        Row("finished", RunFormatting.Time(run.FinishedAt));
        return table;
    }
}
