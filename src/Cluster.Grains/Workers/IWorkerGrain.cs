using Orleans.Services;

namespace Cluster.Grains.Workers;

/// <summary>
/// The worker of one worker silo: a grain service, so there is exactly one per worker silo, it lives and dies with
/// that silo and is never activated anywhere else. Reached by silo address through <see cref="WorkerGrainClient"/>.
/// </summary>
[Alias("cluster.IWorkerGrain")]
public interface IWorkerGrain : IGrainService
{
    /// <summary>Takes the claimed items and returns at once; false when the worker is stopping (the caller releases them).</summary>
    [Alias("Accept")]
    Task<bool> AcceptAsync(IReadOnlyList<LeaseMessage> leases);

    /// <summary>The worker's registration now (a new scheduler activation asks instead of waiting for the next one).</summary>
    [Alias("Describe")]
    Task<Scheduling.WorkerRegistration> DescribeAsync();
}
