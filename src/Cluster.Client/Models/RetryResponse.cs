namespace Cluster.Client.Models;

/// <summary>The run after a retry and how many error items became pending again.</summary>
public sealed record RetryResponse(RunStatus Run, int ItemsRequeued);
