using Cluster.Core.Work;
using Cluster.Storage.Readiness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost;

/// <summary>Before a worker host starts: waits for its work store and artifact store to answer (see <see cref="StartupWait"/>).</summary>
public static class WorkerStartup
{
    /// <exception cref="DependencyUnavailableException">A store did not answer within <c>Cluster:StartupWaitSeconds</c>.</exception>
    /// <exception cref="ArgumentException">The wait setting or a store address is malformed.</exception>
    public static async Task WaitForStoresAsync(IHost host, CancellationToken ct)
    {
        var options = host.Services.GetRequiredService<IOptions<WorkerHostOptions>>().Value;
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var log = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cluster.Startup");
        await StartupWait.WaitAsync(StartupWait.DependenciesOf(options.Store, options.Artifacts),
            StartupWaitOptions.From(key => configuration[key]), log, ct);
        // Opening the store applies the ledger's migrations, the membership tables among them: done here, before the
        // silo starts and looks for those tables, instead of when the worker grain first asks for the store (a worker
        // started beside the first orchestrator on a new database could otherwise find no membership table).
        host.Services.GetRequiredService<IWorkStore>();
    }
}
