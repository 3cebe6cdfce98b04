using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster watch remove NAME</c>: stop watching; the watch's run finishes with the items it has.</summary>
public static class WatchRemoveCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var name = new Argument<string>("name") { Description = "The watch's name" };
        var command = new Command("remove", "Stop watching a directory (its run then finishes)") { name };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var watch = parse.GetRequiredValue(name);
                await client.RemoveWatchAsync(watch, ct);
                terminal.Output.WriteLine($"{watch}: removed");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
