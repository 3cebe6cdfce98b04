using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster progress RUN</c>: the run's progress document (completed_items, errors, no_data, last_index) as JSON.</summary>
public static class ProgressCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var command = new Command("progress", "Print a run's progress document (JSON)") { run };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                ResultConsole.WriteJson(terminal, await client.ProgressAsync(parse.GetRequiredValue(run), ct));
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
