using System.CommandLine;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster artifacts RUN [ITEM] [--json]</c>: a run's recorded artifacts with size and SHA-256.</summary>
public static class ArtifactsCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var item = new Argument<string?>("item") { Description = "Only this item's artifacts (\"\" for the run-level ones; all when left out)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("artifacts", "List a run's artifacts") { run, item, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var artifacts = await client.ListArtifactsAsync(parse.GetRequiredValue(run), parse.GetValue(item), ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, artifacts);
                    return ExitCodes.Ok;
                }
                var table = ResultConsole.Table(terminal, "ITEM", "NAME", "TYPE", "SIZE", "SHA256");
                foreach (var artifact in artifacts)
                    table.AddRow(Markup.Escape(artifact.Item), Markup.Escape(artifact.Name), Markup.Escape(artifact.MediaType),
                        artifact.Size.ToString(), artifact.Sha256);
                ResultConsole.WriteRows(terminal, table, "no artifacts");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
