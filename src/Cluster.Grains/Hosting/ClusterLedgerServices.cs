using Cluster.Core.Scheduling;
using Cluster.Grains.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Grains.Hosting;

public static class ClusterLedgerServices
{
    /// <summary>
    /// What the grains build on the ledger (the host registers the store, artifact store, kinds, input roots and,
    /// for workers, <see cref="Core.Working.WorkerOptions"/>).
    /// </summary>
    public static IServiceCollection AddClusterLedgerServices(this IServiceCollection services)
    {
        services.AddSingleton<RunExpander>();
        services.AddSingleton<ProgressDocuments>();
        services.AddSingleton<ProgressWrites>();
        return services;
    }
}
