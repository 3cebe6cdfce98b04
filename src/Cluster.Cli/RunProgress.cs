using Cluster.Core.Work;
using Spectre.Console;

namespace Cluster.Cli;

/// <summary>Follows a run until it finishes, with a live bar (done / total, rate, ETA) when standard error is a terminal.</summary>
public static class RunProgress
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns the last state seen: finished, or whatever it was when <paramref name="ct"/> was cancelled.</summary>
    public static async Task<RunInfo?> FollowAsync(Terminal terminal, string runName, Func<CancellationToken, Task<RunInfo?>> poll,
        CancellationToken ct)
    {
        RunInfo? run = null;
        var started = DateTimeOffset.UtcNow;
        long? finishedAtStart = null;
        if (!terminal.IsInteractive)
        {
            var lastLine = DateTimeOffset.MinValue;
            while (!ct.IsCancellationRequested)
            {
                run = await PollQuietlyAsync(poll, ct) ?? run;
                if (run is null) continue;
                if (run.State.IsFinished() || DateTimeOffset.UtcNow - lastLine > TimeSpan.FromSeconds(5))
                {
                    terminal.Error.WriteLine($"{runName}: {run.Counts.Finished}/{run.Counts.Total} ({run.State.Text()})");
                    lastLine = DateTimeOffset.UtcNow;
                }
                if (run.State.IsFinished()) return run;
                await DelayQuietlyAsync(ct);
            }
            return run;
        }
        await terminal.Progress.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(runName), maxValue: 1);
                while (!ct.IsCancellationRequested)
                {
                    run = await PollQuietlyAsync(poll, ct) ?? run;
                    if (run is not null)
                    {
                        finishedAtStart ??= run.Counts.Finished;
                        var elapsed = (DateTimeOffset.UtcNow - started).TotalSeconds;
                        var rate = elapsed > 0 ? (run.Counts.Finished - finishedAtStart.Value) / elapsed : 0;
                        bar.MaxValue = Math.Max(1, run.Counts.Total);
                        bar.Value = run.Counts.Finished;
                        bar.Description = Markup.Escape($"{runName} {run.Counts.Finished}/{run.Counts.Total} {rate:0.#}/s" +
                                                        (run.Counts.Error > 0 ? $" ({run.Counts.Error} errors)" : ""));
                        if (run.State.IsFinished()) break;
                    }
                    await DelayQuietlyAsync(ct);
                }
            });
        return run;
    }

    private static async Task<RunInfo?> PollQuietlyAsync(Func<CancellationToken, Task<RunInfo?>> poll, CancellationToken ct)
    {
        try
        {
            return await poll(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task DelayQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Interval, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller's loop sees the cancellation and returns the last state.
        }
    }
}
