namespace Cluster.Client.Models;

/// <summary>One line of an item's log (claims, completions, failures with their full text, rescues).</summary>
public sealed record ItemLogLine(DateTimeOffset At, int Attempt, string Level, string Message, string? Worker);
