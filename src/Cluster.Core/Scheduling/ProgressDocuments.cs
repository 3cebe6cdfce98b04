using System.Text.Json;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;

namespace Cluster.Core.Scheduling;

/// <summary>Writes a run's progress document (<c>runs/RUN/progress.json</c>) as a run-level artifact, from the ledger.</summary>
public sealed class ProgressDocuments(IWorkStore store, IArtifactStore artifacts)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task WriteAsync(RunInfo run, CancellationToken ct)
    {
        var progress = await store.ProgressAsync(run.Id, ct);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(progress, Indented);
        var record = await artifacts.PutBytesAsync(ArtifactKeys.ForRun(run.Name, "progress.json"), "progress.json", bytes, "application/json", ct);
        await store.PutRunArtifactAsync(run.Id, record, ct);
    }
}
