using Cluster.Core.Scheduling;
using Cluster.Core.Work;
using Cluster.Grains.Scheduling;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Runs;

/// <summary>
/// A run over the ledger. Expansion and finalisation run as one tracked task each, outside the calls that start them
/// (a large input directory is never listed inside a grain call); [Reentrant] so that status-changing calls are not
/// queued behind them. The ledger's guarded statements make a duplicate activation harmless.
/// Every path that calls another grain yields first (<see cref="Task.Yield"/>): SQLite's statements complete
/// synchronously, and a call made before the turn's first real suspension is delivered while this activation still
/// holds its message-loop lock, so two grains calling each other that way (run -> scheduler -> run) deadlock.
/// </summary>
[Reentrant]
public sealed class RunGrain(
    IWorkStore store,
    RunExpander expander,
    ProgressWrites progress,
    ILogger<RunGrain> log) : Grain, IRunGrain
{
    private Task _expansion = Task.CompletedTask;
    private Task _finalisation = Task.CompletedTask;
    private bool _finaliseAgain;

    private string Name => this.GetPrimaryKeyString();

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(0);

    async Task<SubmitReply> IRunGrain.SubmitAsync(SubmitRun command)
    {
        SubmitResult result;
        try
        {
            result = await store.SubmitAsync(new RunSubmission(Name, command.Kind, command.SpecJson, command.Priority,
                command.MaxAttempts, command.LeaseSeconds, command.IgnoreProgress, command.Sample));
        }
        catch (InvalidOperationException e)
        {
            // The name belongs to a run of another kind: a different job.
            return new SubmitReply(null, 0, e.Message);
        }
        StartExpansion();
        await Task.Yield();
        // Resubmitted items that were already expanded can run at once.
        if (result.ItemsRequeued > 0) Scheduler.WakeAsync().Ignore();
        return new SubmitReply(result.Outcome.ToString().ToLowerInvariant(), result.ItemsRequeued, null);
    }

    async Task<bool> IRunGrain.CancelAsync()
    {
        var cancelled = await store.CancelAsync(Name);
        if (cancelled) log.LogInformation("Run {Run} cancelled", Name);
        return cancelled;
    }

    async Task<bool> IRunGrain.ResumeAsync()
    {
        var resumed = await store.ResumeAsync(Name);
        if (resumed)
        {
            await Task.Yield();
            log.LogInformation("Run {Run} resumed", Name);
            Scheduler.WakeAsync().Ignore();
        }
        return resumed;
    }

    async Task<int> IRunGrain.RetryAsync()
    {
        var requeued = await store.RetryFailedAsync(Name);
        if (requeued > 0)
        {
            await Task.Yield();
            log.LogInformation("Run {Run}: {Count} failed items requeued", Name, requeued);
            Scheduler.WakeAsync().Ignore();
        }
        return requeued;
    }

    Task IRunGrain.ExpandAsync()
    {
        StartExpansion();
        return _expansion;
    }

    Task IRunGrain.ItemsEndedAsync()
    {
        _finaliseAgain = true;
        if (_finalisation.IsCompleted) _finalisation = FinaliseAsync();
        return Task.CompletedTask;
    }

    private void StartExpansion()
    {
        if (_expansion.IsCompleted) _expansion = ExpandIfAwaitingAsync();
    }

    private async Task ExpandIfAwaitingAsync()
    {
        // A turn of its own: the call that started it has returned.
        await Task.Yield();
        var run = await store.GetRunAsync(Name);
        if (run is null || !(await store.RunsAwaitingExpansionAsync()).Any(r => r.Id == run.Id)) return;
        await expander.ExpandAsync(run, CancellationToken.None);
        Scheduler.WakeAsync().Ignore();
        // An input with no items (or a failed expansion) ends the run now.
        _finaliseAgain = true;
        if (_finalisation.IsCompleted) _finalisation = FinaliseAsync();
    }

    /// <summary>
    /// Ends every quiet run (one guarded statement) and starts the writing of each one's progress document
    /// (<see cref="ProgressWrites"/>). Completions arriving meanwhile are coalesced into one more pass.
    /// </summary>
    private async Task FinaliseAsync()
    {
        await Task.Yield();
        while (_finaliseAgain)
        {
            _finaliseAgain = false;
            try
            {
                foreach (var run in await store.FinalizeRunsAsync())
                {
                    log.LogInformation("Run {Run} ended {State}: {Done} done, {Errors} errors, {NoData} no data",
                        run.Name, run.State.Text(), run.Counts.Done, run.Counts.Error, run.Counts.NoData);
                    progress.Start(run);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The scheduler's periodic pass finalises what this one could not (the ledger stays the truth).
                log.LogWarning("Run {Run}: finalisation failed, the scheduler's next pass retries: {Error}", Name, e.Message);
            }
        }
    }
}
