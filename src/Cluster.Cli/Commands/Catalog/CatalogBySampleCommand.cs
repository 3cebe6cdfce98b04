using System.CommandLine;

namespace Cluster.Cli.Commands.Catalog;

/// <summary><c>cluster catalog DB by-sample NAME [--json]</c>: every run of one sample, newest first.</summary>
public static class CatalogBySampleCommand
{
    public static Command Create(Terminal terminal, Argument<FileInfo> database)
    {
        var name = new Argument<string>("name") { Description = "The sample's exact name" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("by-sample", "Every run of one sample, newest first") { name, json };
        command.SetAction(parse => CatalogCommand.Guard(terminal, parse.GetRequiredValue(database), catalog =>
            CatalogRunRows.Write(terminal, catalog.BySample(parse.GetRequiredValue(name)), parse.GetValue(json))));
        return command;
    }
}
