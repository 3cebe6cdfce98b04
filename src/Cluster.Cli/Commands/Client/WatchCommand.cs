using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster watch add | list | remove</c>: directories the orchestrator watches for new and changed files.</summary>
public static class WatchCommand
{
    public static Command Create(Terminal terminal) =>
        new("watch", "Watch server directories: process each new or changed file once it settled")
        {
            WatchAddCommand.Create(terminal),
            WatchListCommand.Create(terminal),
            WatchRemoveCommand.Create(terminal),
        };
}
