using Cluster.Core.Scheduling;
using Cluster.Core.Work;
using Cluster.Core.Working;
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
    ProgressDocuments progress,
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

    async Task IRunGrain.EndedAsync()
    {
        if (await store.GetRunAsync(Name) is { } run && run.State.IsFinished())
            await WriteProgressAsync(run);
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
    /// Ends every quiet run (one guarded statement); writes this run's progress document and hands the others to their
    /// own grains. Completions arriving meanwhile are coalesced into one more pass.
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
                    if (run.Name == Name) await WriteProgressAsync(run);
                    else GrainFactory.GetGrain<IRunGrain>(run.Name).EndedAsync().Ignore();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The scheduler's periodic pass finalises what this one could not (the ledger stays the truth).
                log.LogWarning("Run {Run}: finalisation failed, the scheduler's next pass retries: {Error}", Name, e.Message);
            }
        }
    }

    private static readonly TimeSpan ProgressPatience = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The run's progress document, retried while the ledger or the artifact store is away: the run is already
    /// finalised in the ledger, so no later pass would write it.
    /// </summary>
    private async Task WriteProgressAsync(RunInfo run)
    {
        using var patience = new CancellationTokenSource(ProgressPatience);
        try
        {
            await InfrastructureRetry.RunAsync(async ct =>
            {
                await progress.WriteAsync(run, ct);
                return true;
            }, (e, tries) =>
            {
                if (tries == 1 || tries % 10 == 0)
                    log.LogWarning("Run {Run}: writing its progress document failed ({Tries} tries), retrying: {Error}", run.Name, tries, e.Message);
            }, patience.Token);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            log.LogError("Run {Run}: its progress document could not be written for {Patience}; the API's progress route serves it from the ledger",
                run.Name, ProgressPatience);
        }
    }
}
