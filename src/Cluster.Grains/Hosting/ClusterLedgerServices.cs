using Cluster.Core.Scheduling;
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
        return services;
    }
}
