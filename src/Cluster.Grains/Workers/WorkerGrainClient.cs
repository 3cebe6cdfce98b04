using Orleans.Runtime.Services;

using Orleans.Services;

namespace Cluster.Grains.Workers;

/// <summary>
/// Addresses the worker of a given silo. Only the silo-address overload is exposed: the others route by the
/// consistent-hash ring, which would pick any silo, including orchestrators that have no worker.
/// </summary>
public sealed class WorkerGrainClient(IServiceProvider services) : GrainServiceClient<IWorkerGrain>(services)
{
    public IWorkerGrain ForSilo(SiloAddress silo) => GetGrainService(silo);
}
