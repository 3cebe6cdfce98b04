using Cluster.Core.Work;

namespace Cluster.Client.Models;

/// <summary>The answer to a submission: the run, whether it is new, resumed or restarted, and how many items are to be redone.</summary>
public sealed record SubmitResponse(RunStatus Run, SubmitOutcome Outcome, int ItemsRequeued);
