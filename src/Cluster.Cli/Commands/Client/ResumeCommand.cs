using System.CommandLine;

namespace Cluster.Cli.Commands.Client;

/// <summary><c>cluster resume RUN</c>: a cancelled run's cancelled items become pending again.</summary>
public static class ResumeCommand
{
    public static Command Create(Terminal terminal) =>
        RunActionCommand.Create(terminal, "resume", "Resume a cancelled run",
            async (client, run, ct) => RunActionCommand.Summary(await client.ResumeAsync(run, ct)));
}
