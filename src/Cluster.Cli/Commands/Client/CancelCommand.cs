using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster cancel RUN</c>: pending items become cancelled; items being processed may still finish.</summary>
public static class CancelCommand
{
    public static Command Create(Terminal terminal) =>
        RunActionCommand.Create(terminal, "cancel", "Cancel a pending or running run (items in progress may still finish)",
            async (client, run, ct) => RunActionCommand.Summary(await client.CancelAsync(run, ct)));
}
