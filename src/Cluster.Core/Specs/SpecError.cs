namespace Cluster.Core.Specs;

/// <summary>One problem in a job spec: the field path (<c>params.lframes</c>), its line (0 when unknown) and what is wrong.</summary>
public sealed record SpecError(string Field, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>A job spec that cannot be accepted; the message lists every problem with its line and field.</summary>
public sealed class JobSpecException(IReadOnlyList<SpecError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
