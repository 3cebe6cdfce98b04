using System.Text.Json;
using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Core.Watching;
using Cluster.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Core.Scheduling;

/// <summary>
/// The single leader's work: expand new runs into items in input order, rescue expired leases, finalise runs and
/// write their progress document, and (given a <see cref="Watcher"/>) turn settled files of watched directories into
/// items. Inputs in object storage (<c>s3://</c> directories) are listed with <c>objects</c>, beamtime catalog inputs with
/// <c>catalogs</c>. Any number of replicas
/// may run <see cref="RunAsync"/>; only the holder of the leader lease acts.
/// </summary>
public sealed class Scheduler(
    IWorkStore store,
    IArtifactStore artifacts,
    JobKindCatalog kinds,
    InputRoots roots,
    SchedulerOptions options,
    ILogger<Scheduler>? logger = null,
    Watcher? watcher = null,
    IObjectLister? objects = null,
    ICatalogRunLister? catalogs = null)
{
    public const string LeaseName = "scheduler";
    private readonly ILogger _log = logger ?? NullLogger<Scheduler>.Instance;

    /// <summary>Competes for the leader lease until cancelled, acting on every tick while it leads; resigns on the way out.</summary>
    public async Task RunAsync(string holder, CancellationToken ct)
    {
        var leading = false;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var lead = await store.TryLeadAsync(LeaseName, holder, options.LeaderTtl, ct);
                if (lead != leading)
                {
                    _log.LogInformation(lead ? "{Holder} leads the scheduler" : "{Holder} lost the scheduler lease", holder);
                    leading = lead;
                    // Another replica leads now: it watches, from the same durable state.
                    if (!leading) watcher?.Suspend();
                }
                // A tick runs to completion even during shutdown: a run it finalises also gets its progress document.
                if (leading) await TickAsync(CancellationToken.None);
                await Task.Delay(options.TickInterval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand leadership over below.
        }
        finally
        {
            watcher?.Suspend();
            if (leading)
            {
                await store.ResignAsync(LeaseName, holder, CancellationToken.None);
                _log.LogInformation("{Holder} resigned the scheduler lease", holder);
            }
        }
    }

    /// <summary>One pass of the leader's duties.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        foreach (var run in await store.RunsAwaitingExpansionAsync(ct))
            await ExpandAsync(run, ct);

        if (watcher is not null) await watcher.TickAsync(ct);

        var rescued = await store.RescueExpiredAsync(options.RescueBackoff, ct);
        if (rescued.Requeued + rescued.Failed > 0)
            _log.LogWarning("Rescued expired leases: {Requeued} requeued, {Failed} failed after max attempts", rescued.Requeued, rescued.Failed);

        foreach (var run in await store.FinalizeRunsAsync(ct))
        {
            _log.LogInformation("Run {Run} ended {State}: {Done} done, {Errors} errors, {NoData} no data",
                run.Name, run.State.Text(), run.Counts.Done, run.Counts.Error, run.Counts.NoData);
            await WriteProgressDocumentAsync(run, ct);
        }
    }

    private async Task ExpandAsync(RunInfo run, CancellationToken ct)
    {
        IReadOnlyList<NewItem> items;
        try
        {
            var spec = JobSpecParser.Parse(run.SpecJson, kinds);
            items = await InputExpander.ExpandAsync(spec.Input, kinds.Get(spec.Kind), roots, objects, ct, catalogs);
        }
        catch (Exception e) when (e is ArgumentException or JobSpecException or IOException or UnauthorizedAccessException)
        {
            _log.LogError("Run {Run}: input cannot be expanded: {Reason}", run.Name, e.Message);
            await store.FailExpansionAsync(run.Id, e.Message, ct);
            return;
        }
        var added = await store.ExpandAsync(run.Id, items, ct);
        _log.LogInformation("Run {Run}: {Added} new items ({Total} in its input)", run.Name, added, items.Count);
    }

    public async Task WriteProgressDocumentAsync(RunInfo run, CancellationToken ct)
    {
        var progress = await store.ProgressAsync(run.Id, ct);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(progress, new JsonSerializerOptions { WriteIndented = true });
        var record = await artifacts.PutBytesAsync(ArtifactKeys.ForRun(run.Name, "progress.json"), "progress.json", bytes, "application/json", ct);
        await store.PutRunArtifactAsync(run.Id, record, ct);
    }
}
