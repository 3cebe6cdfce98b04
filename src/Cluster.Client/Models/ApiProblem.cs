namespace Cluster.Client.Models;

/// <summary>An RFC 7807 problem document as the orchestrator sends it for every error.</summary>
/// <param name="Errors">For a rejected job spec: every problem with its field path and line.</param>
public sealed record ApiProblem(string? Type, string? Title, int? Status, string? Detail, string? Instance, IReadOnlyList<FieldError>? Errors);

/// <summary>One problem of a request body: field path (<c>params.lframes</c>), line (0 when unknown) and what is wrong.</summary>
public sealed record FieldError(string Field, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Field}: {Message}" : $"{Field}: {Message}";
}
