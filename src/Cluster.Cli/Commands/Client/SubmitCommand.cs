using System.CommandLine;
using Cluster.Core.Work;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// <c>cluster submit SPEC [--wait] [--ignore-progress]</c>: sends the spec file as written. A relative
/// <c>input.directory</c> is resolved by the server against its first input root (not against this machine's
/// working directory): the server reads the inputs, not the client.
/// </summary>
public static class SubmitCommand
{
    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var spec = new Argument<FileInfo>("spec") { Description = "Job spec (YAML, or JSON when the file ends in .json)" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run until it ends; exit 1 if any item failed" };
        var ignoreProgress = new Option<bool>("--ignore-progress") { Description = "Start over: redo items already done" };
        var command = new Command("submit", "Submit a job spec to the orchestrator (resubmitting a run's spec resumes it)") { spec, wait, ignoreProgress };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var file = parse.GetRequiredValue(spec);
            string text;
            try
            {
                text = await File.ReadAllTextAsync(file.FullName, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                terminal.Fail($"{file.FullName}: {e.Message}");
                return ExitCodes.Usage;
            }
            var mediaType = file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var submitted = await client.SubmitAsync(text, parse.GetValue(ignoreProgress), mediaType, ct);
                terminal.Output.WriteLine($"{submitted.Run.Name}: {submitted.Outcome.ToString().ToLowerInvariant()}" +
                                          (submitted.ItemsRequeued > 0 ? $", {submitted.ItemsRequeued} items requeued" : ""));
                if (!parse.GetValue(wait)) return ExitCodes.Ok;
                var final = await RunFollower.FollowAsync(terminal, client, submitted.Run.Name, ct);
                terminal.Output.WriteLine($"{final.Name}: {final.State.Text()}, {final.Counts.Done} done, {final.Counts.Error} error, " +
                                          $"{final.Counts.NoData} no_data, {final.Counts.Cancelled} cancelled");
                return RunFormatting.ExitCode(final);
            }
        }));
        return command;
    }
}
