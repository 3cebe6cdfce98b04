using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Core.Scheduling;

/// <summary>
/// Turns a submitted run's input into items in input order: a local directory (paths confined to the input roots,
/// symlinks resolved), an <c>s3://</c> prefix listed through <c>objects</c>, or a beamtime catalog through
/// <c>catalogs</c>. An input that cannot be read fails the run with the reason in its log.
/// </summary>
public sealed class RunExpander(
    IWorkStore store,
    JobKindCatalog kinds,
    InputRoots roots,
    ILogger<RunExpander>? logger = null,
    IObjectLister? objects = null,
    ICatalogRunLister? catalogs = null)
{
    private readonly ILogger _log = logger ?? NullLogger<RunExpander>.Instance;

    /// <summary>Returns the number of new items (0 when the expansion failed the run).</summary>
    public async Task<int> ExpandAsync(RunInfo run, CancellationToken ct)
    {
        IReadOnlyList<NewItem> items;
        var skipped = new List<string>();
        try
        {
            var spec = JobSpecParser.Parse(run.SpecJson, kinds);
            items = await InputExpander.ExpandAsync(spec.Input, kinds.Get(spec.Kind), roots, objects, ct, catalogs, skipped.Add);
        }
        catch (Exception e) when (e is ArgumentException or JobSpecException or IOException or UnauthorizedAccessException)
        {
            _log.LogError("Run {Run}: input cannot be expanded: {Reason}", run.Name, e.Message);
            await store.FailExpansionAsync(run.Id, e.Message, ct);
            return 0;
        }
        var added = await store.ExpandAsync(run.Id, items, ct);
        // In the run's own log (`cluster log RUN ""`, GET /api/runs/RUN/log?key=), where its submitter looks, not only here.
        foreach (var reason in skipped)
        {
            _log.LogWarning("Run {Run}: {Skipped}", run.Name, reason);
            await store.AppendLogAsync(run.Id, "", 0, "warning", reason, null, ct);
        }
        _log.LogInformation("Run {Run}: {Added} new items ({Total} in its input)", run.Name, added, items.Count);
        return added;
    }
}
