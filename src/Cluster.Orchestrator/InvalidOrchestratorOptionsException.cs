namespace Cluster.Orchestrator;

/// <summary>The orchestrator cannot start with these settings; the message lists every problem.</summary>
public sealed class InvalidOrchestratorOptionsException(IReadOnlyList<string> problems)
    : Exception("orchestrator settings: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
