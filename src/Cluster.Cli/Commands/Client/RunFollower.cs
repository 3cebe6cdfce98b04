using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// Polls a run on the server until it ends, with a live bar (done / total, rate, ETA) on <see cref="Terminal.Progress"/>
/// when standard error is a terminal, or a line every few seconds when it is not.
/// </summary>
public static class RunFollower
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <exception cref="OperationCanceledException">Interrupted before the run ended (the run goes on on the server).</exception>
    public static async Task<RunStatus> FollowAsync(Terminal terminal, ClusterClient client, string run, CancellationToken ct)
    {
        if (!terminal.IsInteractive)
        {
            var lastLine = DateTimeOffset.MinValue;
            while (true)
            {
                var status = await client.GetRunAsync(run, ct);
                if (status.State.IsFinished()) return status;
                if (DateTimeOffset.UtcNow - lastLine >= LineInterval)
                {
                    terminal.Error.WriteLine(Describe(status));
                    lastLine = DateTimeOffset.UtcNow;
                }
                await Task.Delay(PollInterval, ct);
            }
        }
        return await terminal.Progress.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(run), maxValue: 1);
                while (true)
                {
                    var status = await client.GetRunAsync(run, ct);
                    bar.MaxValue = Math.Max(1, status.Total);
                    bar.Value = status.Counts.Done + status.Counts.Error + status.Counts.NoData;
                    bar.Description = Markup.Escape(Describe(status));
                    if (status.State.IsFinished()) return status;
                    await Task.Delay(PollInterval, ct);
                }
            });
    }

    private static string Describe(RunStatus status) =>
        $"{status.Name} {RunFormatting.Finished(status)} {RunFormatting.Rate(status.Rate)} eta {RunFormatting.Eta(status.EtaSeconds)}" +
        (status.Counts.Error > 0 ? $" ({status.Counts.Error} errors)" : "");
}
