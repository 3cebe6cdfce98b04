using Cluster.Core.Work;

namespace Cluster.Storage;

/// <summary>Argument checks shared by both stores, so bad calls fail the same way on either.</summary>
internal static class TransitionArguments
{
    public static void RequireOutcome(ItemState outcome)
    {
        if (outcome is not (ItemState.Done or ItemState.NoData))
            throw new ArgumentException($"complete: outcome must be done or no_data, not {outcome.Text()}", nameof(outcome));
    }

    public static void RequireSubmission(RunSubmission s)
    {
        if (string.IsNullOrWhiteSpace(s.Name)) throw new ArgumentException("submit: run name is empty", nameof(s));
        if (string.IsNullOrWhiteSpace(s.Kind)) throw new ArgumentException($"submit {s.Name}: kind is empty", nameof(s));
        if (s.MaxAttempts < 1) throw new ArgumentException($"submit {s.Name}: max_attempts must be >= 1, got {s.MaxAttempts}", nameof(s));
        if (s.LeaseSeconds < 1) throw new ArgumentException($"submit {s.Name}: lease_seconds must be >= 1, got {s.LeaseSeconds}", nameof(s));
    }

    public static void RequireLimit(int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "claim: limit must be >= 1");
    }

    public static void RequireUniqueKeys(long runId, IReadOnlyList<NewItem> items)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item.Key))
                throw new ArgumentException($"expand run {runId}: key '{item.Key}' appears twice in the input", nameof(items));
        }
    }

    public static InvalidOperationException KindMismatch(string name, string existing, string requested) =>
        new($"submit {name}: a run of that name exists with kind '{existing}'; cannot resume it as '{requested}' (choose another name)");

    public static InvalidOperationException NoSuchRun(long runId) => new($"run {runId} does not exist");
}
