using System.CommandLine;
using Cluster.Cli.Commands;
using Cluster.Cli.Commands.Catalog;
using Cluster.Cli.Commands.Client;

namespace Cluster.Cli;

/// <summary>The <c>cluster</c> command tree. Exit codes: 0 ok, 1 processing failed, 2 bad usage or bad parameters.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var terminal = new Terminal(output, error);
        var root = CreateRoot(terminal);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
                error.WriteLine($"error: {parseError.Message}");
            error.WriteLine("run 'cluster --help' for usage");
            return ExitCodes.Usage;
        }
        // Long-running commands handle SIGINT/SIGTERM themselves (drain, release leases), so the parser must not.
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Every command; the help test walks this tree.</summary>
    public static RootCommand CreateRoot(Terminal terminal) =>
        new("cluster: spectrograms, NeXus files and quick-look figures from facility data")
        {
            SpectrogramCommand.Create(terminal),
            PlotSetCommand.Create(terminal),
            NxstxmCommand.Create(terminal),
            DemoCommand.Create(terminal),
            RunCommand.Create(terminal),
            ServeCommand.Create(terminal),
            WorkerCommand.Create(terminal),
            SubmitCommand.Create(terminal),
            RunsCommand.Create(terminal),
            SilosCommand.Create(terminal),
            StatusCommand.Create(terminal),
            ItemsCommand.Create(terminal),
            ProgressCommand.Create(terminal),
            CancelCommand.Create(terminal),
            ResumeCommand.Create(terminal),
            RetryCommand.Create(terminal),
            WatchCommand.Create(terminal),
            ArtifactsCommand.Create(terminal),
            FetchCommand.Create(terminal),
            LogCommand.Create(terminal),
            CatalogCommand.Create(terminal),
        };
}
