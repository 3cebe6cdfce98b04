using Cluster.Core.Scheduling;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Runs;

/// <summary>
/// Writes a finalised run's progress document outside any grain turn, retried while the ledger or the artifact store
/// is away (for up to 10 minutes): the run is already final in the ledger, so no later pass would write it. Whichever
/// grain finalised the run starts the write (a hand-off to the run's own grain could be lost with a silo that held its
/// directory entry).
/// </summary>
public sealed class ProgressWrites(ProgressDocuments documents, ILogger<ProgressWrites> log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public void Start(RunInfo run) => _ = WriteAsync(run);

    private async Task WriteAsync(RunInfo run)
    {
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await InfrastructureRetry.RunAsync(async ct =>
            {
                await documents.WriteAsync(run, ct);
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
                run.Name, Patience);
        }
    }
}
