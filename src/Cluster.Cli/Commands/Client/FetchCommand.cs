using System.CommandLine;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Artifacts;
using Cluster.Formats;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// <c>cluster fetch RUN [ITEM] -o DIR [--direct]</c>: downloads artifacts to <c>DIR/&lt;item&gt;/&lt;name&gt;</c> (run-level ones
/// to <c>DIR/&lt;name&gt;</c>), each written atomically and checked against its recorded SHA-256 before it gets its name.
/// Item keys and names are escaped with <see cref="ArtifactKeys.Segment"/>, so no download lands outside DIR.
/// Prints each file's path on standard output.
/// </summary>
public static class FetchCommand
{
    /// <summary>Smaller downloads finish before a bar would be worth drawing.</summary>
    private const long ProgressBarThreshold = 8 << 20;

    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var item = new Argument<string?>("item") { Description = "Only this item's artifacts (\"\" for the run-level ones; all when left out)", Arity = ArgumentArity.ZeroOrOne };
        var output = new Option<string>("--output", "-o") { Description = "Directory to download into", Required = true };
        var direct = new Option<bool>("--direct") { Description = "Download from object storage through presigned URLs when the server offers them" };
        var command = new Command("fetch", "Download a run's artifacts, verifying their SHA-256") { run, item, output, direct };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var runName = parse.GetRequiredValue(run);
            var directory = Path.GetFullPath(parse.GetRequiredValue(output));
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var artifacts = await client.ListArtifactsAsync(runName, parse.GetValue(item), ct);
                foreach (var artifact in artifacts)
                {
                    var target = TargetPath(directory, artifact);
                    try
                    {
                        await DownloadAsync(terminal, client, runName, artifact, target, parse.GetValue(direct), ct);
                    }
                    catch (ArtifactIntegrityException e)
                    {
                        terminal.Fail($"{e.Message}; nothing was written to {target}");
                        return ExitCodes.Failed;
                    }
                    catch (IOException e)
                    {
                        // A server that finds the stored copy corrupt can only cut the transfer short (the status is already sent).
                        terminal.Fail($"fetching {artifact.StoreKey} to {target} failed: {e.Message}; nothing was written there");
                        return ExitCodes.Failed;
                    }
                    terminal.Output.WriteLine(target);
                }
                if (artifacts.Count == 0)
                    terminal.Error.WriteLine(parse.GetValue(item) is { Length: > 0 } key
                        ? $"item '{key}' of run '{runName}' has no artifacts to fetch"
                        : $"run '{runName}' has no artifacts to fetch");
                return ExitCodes.Ok;
            }
        }));
        return command;
    }

    public static string TargetPath(string directory, ArtifactInfo artifact) =>
        artifact.Item.Length == 0
            ? Path.Combine(directory, ArtifactKeys.Segment(artifact.Name))
            : Path.Combine(directory, ArtifactKeys.Segment(artifact.Item), ArtifactKeys.Segment(artifact.Name));

    private static async Task DownloadAsync(Terminal terminal, ClusterClient client, string run, ArtifactInfo artifact, string target,
        bool direct, CancellationToken ct)
    {
        async Task<bool> Copy(IProgress<double> progress)
        {
            // The verifying stream throws at the end on a mismatch, inside AtomicFile: the temp file is deleted, never renamed.
            await using var source = await client.OpenVerifiedArtifactAsync(run, artifact, direct, ct);
            await AtomicFile.WriteAsync(target, async (destination, token) =>
            {
                var buffer = new byte[1 << 20];
                long copied = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, token)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), token);
                    copied += read;
                    if (artifact.Size > 0) progress.Report((double)copied / artifact.Size);
                }
            }, ct);
            return true;
        }

        if (artifact.Size >= ProgressBarThreshold)
            await terminal.WithProgressAsync($"{artifact.Item}/{artifact.Name}", Copy);
        else
            await Copy(new Progress<double>());
    }
}
