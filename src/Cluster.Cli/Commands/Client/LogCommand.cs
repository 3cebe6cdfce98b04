using System.CommandLine;
using System.Globalization;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// <c>cluster log RUN ITEM [--follow] [--json]</c>: an item's log (claims, completions, the full text of a failure or of
/// why it had no data, rescues), times in UTC. <c>--follow</c> prints new lines as they come until the item ends and
/// exits like <c>submit --wait</c>: 0 when it ended done or no_data, 1 for error or cancelled.
/// </summary>
public static class LogCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public static Command Create(Terminal terminal)
    {
        var connection = new ServerConnection();
        var run = new Argument<string>("run") { Description = "The run's name" };
        var item = new Argument<string>("item") { Description = "The item's key (see cluster items RUN)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until the item ends; exit 1 if it ends in error" };
        var json = new Option<bool>("--json") { Description = "Print the log as JSON (not with --follow)" };
        var command = new Command("log", "Show an item's log: the full reason of an error or of no_data") { run, item, follow, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ApiFailureReport.GuardAsync(terminal, parse.GetRequiredValue(connection.Server), async () =>
        {
            var runName = parse.GetRequiredValue(run);
            var key = parse.GetRequiredValue(item);
            var client = connection.Connect(parse, out var http);
            using (http)
            {
                var log = await client.ItemLogAsync(runName, key, ct);
                if (parse.GetValue(json))
                {
                    ResultConsole.WriteJson(terminal, log);
                    return ExitCodes.Ok;
                }
                foreach (var line in log) terminal.Output.WriteLine(Format(line));
                if (!parse.GetValue(follow))
                {
                    if (log.Count == 0) terminal.Output.WriteLine("no log lines yet");
                    return ExitCodes.Ok;
                }
                return await FollowAsync(terminal, client, runName, key, log.Count, ct);
            }
        }));
        return command;
    }

    /// <summary>One line: time (UTC), attempt, level, worker, message (a failure's full text may span lines).</summary>
    public static string Format(ItemLogLine line) =>
        $"{line.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}  attempt {line.Attempt}  " +
        $"{line.Level,-5}  {line.Worker ?? "-"}  {line.Message}";

    private static async Task<int> FollowAsync(Terminal terminal, ClusterClient client, string run, string key, int printed, CancellationToken ct)
    {
        while (true)
        {
            // The state is read before the log, so the lines of the attempt that ended it are printed before leaving.
            var state = await StateAsync(client, run, key, ct);
            var log = await client.ItemLogAsync(run, key, ct);
            foreach (var line in log.Skip(printed)) terminal.Output.WriteLine(Format(line));
            printed = Math.Max(printed, log.Count);
            if (state is ItemState.Done or ItemState.NoData) return ExitCodes.Ok;
            if (state is ItemState.Error or ItemState.Cancelled) return ExitCodes.Failed;
            try
            {
                await Task.Delay(FollowInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl-C ends following; the item goes on.
            }
        }
    }

    private static async Task<ItemState?> StateAsync(ClusterClient client, string run, string key, CancellationToken ct)
    {
        // The listing searches by substring: page through the matches for the exact key.
        for (var offset = 0; ; offset += 1000)
        {
            var page = await client.ListItemsAsync(run, null, key, offset, 1000, ct);
            if (page.Items.FirstOrDefault(i => i.Key == key) is { } found) return found.State;
            if (page.Items.Count < 1000) return null;
        }
    }
}
