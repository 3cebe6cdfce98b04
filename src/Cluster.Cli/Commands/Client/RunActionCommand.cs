using System.CommandLine;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Cli.Commands.Client;

/// <summary>The shape of <c>cancel</c>, <c>resume</c> and <c>retry</c>: one run name, one call, the new state printed.</summary>
public static class RunActionCommand
{
    public static Command Create(Terminal terminal, string name, string description,
        Func<ClusterClient, string, CancellationToken, Task<string>> act)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var command = new Command(name, description) { run };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                terminal.Output.WriteLine(await act(client, parse.GetRequiredValue(run), ct));
                return ExitCodes.Ok;
            }
        }));
        return command;
    }

    public static string Summary(RunStatus run) => $"{run.Name}: {run.State.Text()} ({RunFormatting.Finished(run)} finished)";
}
