using Spectre.Console;

namespace Cluster.Cli;

/// <summary>What a follower shows of a run at one moment.</summary>
public sealed record RunSnapshot(bool Finished, long Done, long Total, string Description)
{
    /// <summary>Submitted but its input not listed yet: there is nothing to count, so no progress line ("0/0") is shown.</summary>
    public bool Expanding => !Finished && Total == 0;
}

/// <summary>
/// Follows a run until it finishes: a live bar when standard error is a terminal, otherwise a line every few seconds
/// and one at the end. The run may live in the local store (<c>cluster run</c>) or behind the API (<c>submit --wait</c>).
/// </summary>
public static class RunProgress
{
    // Short polls first, so a run of a few items is seen ending within tens of milliseconds, then the steady rate:
    // counting a large run's items every 250 ms is cheap, every 25 ms is not.
    private static readonly TimeSpan FirstPollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    /// <summary>Returns the last state seen: finished, or whatever it was when <paramref name="ct"/> was cancelled (null: none yet).</summary>
    public static async Task<T?> FollowAsync<T>(Terminal terminal, string runName, Func<CancellationToken, Task<T?>> poll,
        Func<T, RunSnapshot> snapshot, CancellationToken ct) where T : class
    {
        T? run = null;
        var interval = FirstPollInterval;
        async Task DelayAsync()
        {
            await DelayQuietlyAsync(interval, ct);
            interval = TimeSpan.FromTicks(Math.Min(PollInterval.Ticks, interval.Ticks * 2));
        }
        if (!terminal.IsInteractive)
        {
            var lastLine = DateTimeOffset.MinValue;
            while (!ct.IsCancellationRequested)
            {
                run = await PollQuietlyAsync(poll, ct) ?? run;
                if (run is null) continue;
                var now = snapshot(run);
                if (now.Finished || (!now.Expanding && DateTimeOffset.UtcNow - lastLine >= LineInterval))
                {
                    terminal.Error.WriteLine(now.Description);
                    lastLine = DateTimeOffset.UtcNow;
                }
                if (now.Finished) return run;
                await DelayAsync();
            }
            return run;
        }
        await terminal.Progress.Progress()
            .AutoClear(false)
            // No RemainingTimeColumn: the description carries the run's own ETA (from its rate), one ETA per line.
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(runName), maxValue: 1);
                while (!ct.IsCancellationRequested)
                {
                    run = await PollQuietlyAsync(poll, ct) ?? run;
                    if (run is not null)
                    {
                        var now = snapshot(run);
                        bar.MaxValue = Math.Max(1, now.Total);
                        bar.Value = now.Done;
                        bar.Description = Markup.Escape(now.Expanding ? $"{runName}: listing its input" : now.Description);
                        if (now.Finished) break;
                    }
                    await DelayAsync();
                }
            });
        return run;
    }

    private static async Task<T?> PollQuietlyAsync<T>(Func<CancellationToken, Task<T?>> poll, CancellationToken ct) where T : class
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

    private static async Task DelayQuietlyAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller's loop sees the cancellation and returns the last state.
        }
    }
}
