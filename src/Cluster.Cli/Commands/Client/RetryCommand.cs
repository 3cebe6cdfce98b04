using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster retry RUN</c>: the run's items in error are processed again, attempts reset.</summary>
public static class RetryCommand
{
    public static Command Create(Terminal terminal) =>
        RunActionCommand.Create(terminal, "retry", "Retry a run's failed items",
            async (client, run, ct) =>
            {
                var result = await client.RetryAsync(run, ct);
                return $"{RunActionCommand.Summary(result.Run)}, {result.ItemsRequeued} items requeued";
            });
}
