namespace Cluster.Grains.Runs;

/// <summary>
/// One run (key: the run name), the single owner of its commands: submit or resubmit (resume), expand its input,
/// cancel, resume, retry, and finalisation the moment its last item ends. Its state is the ledger's; the grain holds
/// nothing the ledger does not.
/// </summary>
[Alias("cluster.IRunGrain")]
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Records the submission and returns; the input is expanded in a later turn, then the scheduler is woken.</summary>
    [Alias("Submit")]
    Task<SubmitReply> SubmitAsync(SubmitRun command);

    /// <summary>Pending items become cancelled; false when the run is not pending or running.</summary>
    [Alias("Cancel")]
    Task<bool> CancelAsync();

    /// <summary>A cancelled run's cancelled items become pending again; false when the run is not cancelled.</summary>
    [Alias("Resume")]
    Task<bool> ResumeAsync();

    /// <summary>Error items become pending again; returns how many.</summary>
    [Alias("Retry")]
    Task<int> RetryAsync();

    /// <summary>Expands the input if the ledger says it has not been (a submission whose orchestrator died before).</summary>
    [Alias("Expand")]
    Task ExpandAsync();

    /// <summary>Items of the run ended (completed, failed, released): finalise the run if nothing is left.</summary>
    [OneWay, Alias("ItemsEnded")]
    Task ItemsEndedAsync();
}

[GenerateSerializer, Immutable, Alias("cluster.SubmitRun")]
public sealed record SubmitRun(
    [property: Id(0)] string Kind,
    [property: Id(1)] string SpecJson,
    [property: Id(2)] int Priority,
    [property: Id(3)] int MaxAttempts,
    [property: Id(4)] int LeaseSeconds,
    [property: Id(5)] bool IgnoreProgress,
    [property: Id(6)] string? Sample);

/// <param name="Outcome">created, resumed or restarted (<see cref="Core.Work.SubmitOutcome"/> as text); null when refused.</param>
/// <param name="Refusal">Why the submission was refused (the name belongs to a run of another kind).</param>
[GenerateSerializer, Immutable, Alias("cluster.SubmitReply")]
public sealed record SubmitReply(
    [property: Id(0)] string? Outcome,
    [property: Id(1)] int ItemsRequeued,
    [property: Id(2)] string? Refusal);
