namespace Cluster.Grains.Scheduling;

/// <summary>
/// The one scheduler of the cluster (key 0, on an orchestrator silo): hands batches of pending items to the worker
/// silos by their free capacity (one guarded claim per batch, in the ledger's order: priority, run age, input order),
/// takes back the leases of worker silos that the membership declares dead, and runs the ledger's backstops (expired
/// leases, unexpanded and unfinished runs, watches). Workers report to it; nothing polls the database for work.
/// </summary>
[Alias("cluster.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>A worker silo says it is there, with its capacity and how many items it holds (soft state, repeated).</summary>
    [Alias("Register")]
    Task RegisterWorkerAsync(WorkerRegistration registration);

    /// <summary>
    /// A worker ended <paramref name="count"/> items: that much capacity is free again; <paramref name="capacity"/> is
    /// how many it holds at most now (it follows the pace of its items).
    /// </summary>
    [OneWay, Alias("Freed")]
    Task WorkerFreedAsync(string workerId, int count, int capacity);

    /// <summary>Work may be pending (a submission, a resume, a retry, a watch's new file): dispatch now.</summary>
    [OneWay, Alias("Wake")]
    Task WakeAsync();

    /// <summary>An orchestrator silo says it is there (every second, from its keeper); also a wake-up.</summary>
    [OneWay, Alias("OrchestratorAlive")]
    Task OrchestratorAliveAsync(SiloAddress silo);

    /// <summary>The orchestrator silos heard from in the last few seconds.</summary>
    [AlwaysInterleave, Alias("Orchestrators")]
    Task<IReadOnlyList<SiloAddress>> OrchestratorsAsync();

    /// <summary>The workers it knows, with their capacity and load.</summary>
    [AlwaysInterleave, Alias("Workers")]
    Task<IReadOnlyList<WorkerRegistration>> WorkersAsync();
}

/// <param name="WorkerId">The worker's silo address (<see cref="SiloAddress.ToParsableString"/>), also the lease owner in the ledger.</param>
[GenerateSerializer, Immutable, Alias("cluster.WorkerRegistration")]
public sealed record WorkerRegistration(
    [property: Id(0)] SiloAddress Silo,
    [property: Id(1)] string WorkerId,
    [property: Id(2)] string Host,
    [property: Id(3)] int Slots,
    [property: Id(4)] int Capacity,
    [property: Id(5)] int Busy);
