namespace Cluster.Core.Specs;

/// <summary>One problem in a job spec: the field path (<c>params.lframes</c>), its line (0 when unknown) and what is wrong.</summary>
public sealed record SpecError(string Field, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>
/// A job spec that cannot be accepted; the message lists every problem with its line and field, in line order (the
/// checks run field by field, not top to bottom; problems without a line come last), so the list reads like the file.
/// </summary>
public sealed class JobSpecException(IReadOnlyList<SpecError> errors) : Exception(string.Join(Environment.NewLine, InLineOrder(errors)))
{
    public IReadOnlyList<SpecError> Errors { get; } = InLineOrder(errors);

    private static IReadOnlyList<SpecError> InLineOrder(IReadOnlyList<SpecError> errors) =>
        errors.OrderBy(e => e.Line > 0 ? e.Line : int.MaxValue).ToList(); // OrderBy is stable: one line keeps its order
}
