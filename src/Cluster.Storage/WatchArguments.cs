using Cluster.Core.Work;

namespace Cluster.Storage;

/// <summary>Watch argument checks shared by both stores, so bad calls fail the same way on either.</summary>
internal static class WatchArguments
{
    public static void Require(WatchDefinition w)
    {
        if (string.IsNullOrWhiteSpace(w.Name)) throw new ArgumentException("add watch: name is empty", nameof(w));
        if (string.IsNullOrWhiteSpace(w.Source)) throw new ArgumentException($"add watch {w.Name}: source is empty", nameof(w));
        if (string.IsNullOrWhiteSpace(w.Pattern)) throw new ArgumentException($"add watch {w.Name}: pattern is empty", nameof(w));
        if (string.IsNullOrWhiteSpace(w.Kind)) throw new ArgumentException($"add watch {w.Name}: kind is empty", nameof(w));
        if (w.SettleSeconds < 0) throw new ArgumentException($"add watch {w.Name}: settle seconds must be >= 0, got {w.SettleSeconds}", nameof(w));
        if (w.MaxAttempts < 1) throw new ArgumentException($"add watch {w.Name}: max_attempts must be >= 1, got {w.MaxAttempts}", nameof(w));
        if (w.LeaseSeconds < 1) throw new ArgumentException($"add watch {w.Name}: lease_seconds must be >= 1, got {w.LeaseSeconds}", nameof(w));
    }

    public static InvalidOperationException NameTaken(string name) =>
        new($"add watch {name}: a watch or run of that name exists (a watch owns the run of its name; choose another name)");
}
