using System.Text.Json.Nodes;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Api;

/// <summary>Turns store records into the API's models, adding rate and ETA.</summary>
public static class RunViews
{
    public static RunStatus Status(RunInfo run, DateTimeOffset now)
    {
        var counts = run.Counts;
        double? rate = null;
        double? eta = null;
        if (run.StartedAt is { } started)
        {
            var seconds = ((run.FinishedAt ?? now) - started).TotalSeconds;
            if (seconds > 0) rate = counts.Finished / seconds;
            var remaining = counts.Pending + counts.Leased;
            if (run.State.IsFinished() || remaining == 0) eta = 0;
            else if (rate > 0) eta = remaining / rate;
        }
        return new RunStatus(run.Id, run.Name, run.Kind, run.State, run.Priority, run.MaxAttempts, run.LeaseSeconds, run.Sample,
            new RunItemCounts(counts.Pending, counts.Leased, counts.Done, counts.Error, counts.NoData, counts.Cancelled),
            counts.Total, rate, eta, run.CreatedAt, run.StartedAt, run.FinishedAt, JsonNode.Parse(run.SpecJson) as JsonObject);
    }

    /// <summary>A worker whose last heartbeat is older than this is not answering (workers beat every 5 s or faster).</summary>
    public static readonly TimeSpan SilentAfter = TimeSpan.FromSeconds(15);

    /// <summary>The run's status with the leases held by workers that stopped answering; no ETA while items wait on them.</summary>
    public static RunStatus WithStalled(RunStatus status, IReadOnlyList<LeaseHolder> holders, DateTimeOffset now)
    {
        var stalled = holders.Where(h => h.HeartbeatAt is not { } beat || now - beat > SilentAfter)
            .Select(h => new StalledLeases(h.Worker, h.Items, h.HeartbeatAt, h.LeaseUntil)).ToList();
        return stalled.Count == 0 ? status : status with { Stalled = stalled, EtaSeconds = null };
    }

    /// <summary>The store keeps a no_data item's reason in the same column as a failure's: the API tells them apart by state.</summary>
    public static ItemStatus Item(ItemInfo item) =>
        new(item.Key, item.Index, item.State, item.Attempts, item.State == ItemState.NoData ? null : item.Error, item.LeaseOwner,
            item.FinishedAt, item.State is ItemState.Error or ItemState.NoData ? item.Error : null);

    public static ItemLogLine LogLine(ItemLogEntry entry) => new(entry.At, entry.Attempt, entry.Level, entry.Message, entry.Worker);

    public static ArtifactInfo Artifact(string run, RunArtifact artifact)
    {
        var record = artifact.Artifact;
        var content = $"/api/runs/{Uri.EscapeDataString(run)}/artifacts/content?item={Uri.EscapeDataString(artifact.ItemKey)}&name={Uri.EscapeDataString(record.Name)}";
        return new ArtifactInfo(artifact.ItemKey, record.Name, record.MediaType, record.Size, record.Sha256, record.StoreKey, content);
    }

    public static WorkerStatus Worker(WorkerInfo worker) =>
        new(worker.Id, worker.Host, worker.ProcessId, worker.Slots, worker.StartedAt, worker.HeartbeatAt, worker.Leased);
}
