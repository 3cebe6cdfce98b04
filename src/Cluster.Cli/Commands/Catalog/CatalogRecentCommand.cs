using System.CommandLine;

namespace Cluster.Cli.Commands.Catalog;

/// <summary><c>cluster catalog DB recent [-n N] [--json]</c>: the most recently started runs, newest first.</summary>
public static class CatalogRecentCommand
{
    public static Command Create(Terminal terminal, Argument<FileInfo> database)
    {
        var count = new Option<int>("-n", "--count") { Description = "How many runs", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table" };
        var command = new Command("recent", "The most recently started runs, newest first") { count, json };
        command.SetAction(parse => CatalogCommand.Guard(terminal, parse.GetRequiredValue(database), catalog =>
        {
            var n = parse.GetValue(count);
            if (n < 0) throw new ArgumentException($"-n: must be 0 or more (got {n})");
            return CatalogRunRows.Write(terminal, catalog.Recent(n), parse.GetValue(json));
        }));
        return command;
    }
}
