namespace Cluster.Client.Models;

/// <summary>The body of <c>/healthz</c> and <c>/readyz</c>: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
public sealed record HealthStatus(string Status);
