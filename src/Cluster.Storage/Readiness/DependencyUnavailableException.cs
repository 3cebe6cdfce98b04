namespace Cluster.Storage.Readiness;

/// <summary>A store a server process needs did not answer at start; the message names it (never its password) and what to do.</summary>
public sealed class DependencyUnavailableException(string message, Exception inner) : Exception(message, inner);
