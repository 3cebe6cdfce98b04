using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Api;

/// <summary>A watch with the newest figure its run produced: one tile of the dashboard's watches page.</summary>
/// <param name="RunState">State of the watch's run (same name); null if the run is gone.</param>
/// <param name="Counts">Item counts of the watch's run.</param>
/// <param name="Figure">The newest PNG among the run's most recently finished items; null until one exists.</param>
/// <param name="LastFinishedAt">When the run's newest finished item (done, error or no data) finished.</param>
/// <param name="NewestFailure">The run's newest finished item when it ended error or no_data after the figure's item
/// (or with no figure yet): the file that did not give a figure, shown on the tile over the older figure.</param>
public sealed record WatchQuickLook(WatchStatus Watch, RunState? RunState, RunItemCounts? Counts, QuickLookFigure? Figure,
    DateTimeOffset? LastFinishedAt, QuickLookFailure? NewestFailure = null);

/// <summary>A watch's newest file that ended without a figure.</summary>
/// <param name="State"><c>error</c> or <c>no_data</c>.</param>
/// <param name="Reason">First line of why; the item log has all of it.</param>
public sealed record QuickLookFailure(string Item, ItemState State, string? Reason, DateTimeOffset FinishedAt);

/// <summary>A quick-look PNG of a watch's run.</summary>
/// <param name="ContentPath">Where the API serves its bytes (<c>/api/runs/{run}/artifacts/content?...</c>).</param>
/// <param name="LandedAt">When the item that produced it finished, i.e. when the figure became available.</param>
public sealed record QuickLookFigure(string Item, string Name, string MediaType, long Size, string Sha256, string ContentPath,
    DateTimeOffset LandedAt);

/// <summary>The <c>runs</c> event of <c>/api/events</c>: the newest runs (at most <see cref="LiveSnapshots.RunLimit"/>), without their specs.</summary>
/// <param name="At">Server time of the snapshot: rates, ETAs and ages are relative to it.</param>
public sealed record RunsEvent(DateTimeOffset At, IReadOnlyList<RunStatus> Runs);

/// <summary>The <c>workers</c> event of <c>/api/events</c>: the live workers.</summary>
/// <param name="At">Server time of the snapshot: a worker's heartbeat age is <c>at - heartbeat_at</c>.</param>
public sealed record WorkersEvent(DateTimeOffset At, IReadOnlyList<WorkerStatus> Workers);

/// <summary>The <c>watches</c> event of <c>/api/events</c>: every watch with its newest quick-look figure.</summary>
public sealed record WatchesEvent(DateTimeOffset At, IReadOnlyList<WatchQuickLook> Watches);
