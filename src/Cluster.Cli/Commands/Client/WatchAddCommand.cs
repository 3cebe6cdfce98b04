using System.CommandLine;
using Cluster.Client.Models;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// <c>cluster watch add SOURCE --pattern GLOB --spec TEMPLATE.yaml [--name N] [--settle SEC]</c>. SOURCE is a
/// directory on the server (a relative one starts at the server's first input root), not on this machine.
/// </summary>
public static class WatchAddCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var source = new Argument<string>("source") { Description = "Directory on the server to watch (inside its input roots)" };
        var pattern = new Option<string>("--pattern") { Description = "Files to process, e.g. *.tiq or **/*.bin", DefaultValueFactory = _ => "*" };
        var spec = new Option<FileInfo>("--spec") { Description = "Job spec template (kind, params, outputs; no input)", Required = true };
        var name = new Option<string?>("--name") { Description = "Name of the watch and its run (default: the template's name, else the directory's)" };
        var settle = new Option<int>("--settle")
        {
            Description = "Seconds a file must stay unchanged before it is processed",
            DefaultValueFactory = _ => WatchRequest.DefaultSettleSeconds,
        };
        var command = new Command("add", "Watch a directory on the server") { source, pattern, spec, name, settle };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var file = parse.GetRequiredValue(spec);
            string template;
            try
            {
                template = await File.ReadAllTextAsync(file.FullName, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                terminal.Fail($"{file.FullName}: {e.Message}");
                return ExitCodes.Usage;
            }
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var added = await client.AddWatchAsync(new WatchRequest(parse.GetValue(name), parse.GetRequiredValue(source),
                    parse.GetValue(pattern), parse.GetValue(settle), template), ct);
                terminal.Output.WriteLine($"{added.Name}: watching {added.Source} for {added.Pattern} (settle {added.SettleSeconds} s, kind {added.Kind})");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }
}
