using System.Text.Json;
using Cluster.Client;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// What <c>/api/events</c> streams, read from the store at most once per <see cref="Interval"/> however many dashboards
/// are connected: every connection asks for the current snapshot and gets the shared one while it is fresh.
/// Each part is serialised once, without its time stamp, so a connection can tell by comparing text whether it changed.
/// </summary>
public sealed class LiveSnapshots(IWorkStore store)
{
    /// <summary>The newest runs in the <c>runs</c> event; older runs are still one <c>GET /api/runs/{name}</c> away.</summary>
    public const int RunLimit = 200;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private LiveSnapshot? _latest;

    public async Task<LiveSnapshot> CurrentAsync(CancellationToken ct)
    {
        if (Fresh(_latest) is { } fresh) return fresh;
        await _gate.WaitAsync(ct);
        try
        {
            // Another connection may have refreshed it while this one waited.
            if (Fresh(_latest) is { } refreshed) return refreshed;
            return _latest = await ReadAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static LiveSnapshot? Fresh(LiveSnapshot? snapshot) =>
        snapshot is not null && DateTimeOffset.UtcNow - snapshot.At < Interval ? snapshot : null;

    private async Task<LiveSnapshot> ReadAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        // Specs are left out: they can be large and the run page fetches its own run.
        var runs = (await store.ListRunsAsync(new RunQuery(Limit: RunLimit), ct)).Select(r => RunViews.Status(r, now) with { Spec = null }).ToList();
        var workers = (await store.ListWorkersAsync(WorkerEndpoints.AliveWithin, ct)).Select(RunViews.Worker).ToList();
        var watches = await WatchQuickLooks.ListAsync(store, ct);
        return new LiveSnapshot(now,
            JsonSerializer.Serialize(runs, ApiJson.Options),
            JsonSerializer.Serialize(workers, ApiJson.Options),
            JsonSerializer.Serialize(watches, ApiJson.Options));
    }
}

/// <summary>One reading of the store: the JSON arrays of the <c>runs</c>, <c>workers</c> and <c>watches</c> events.</summary>
public sealed record LiveSnapshot(DateTimeOffset At, string RunsJson, string WorkersJson, string WatchesJson);
