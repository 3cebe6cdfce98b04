namespace Cluster.Core.Work;

/// <summary>
/// A watch as the store keeps it: files under <see cref="Source"/> matching <see cref="Pattern"/> become items of the
/// run named like the watch once they have stayed unchanged for <see cref="SettleSeconds"/>.
/// </summary>
/// <param name="Source">The watched location: an absolute local directory (later also <c>s3://bucket/prefix</c>).</param>
/// <param name="SpecJson">The run's spec: the template with <c>name</c> and <c>input</c> filled in from the watch.</param>
public sealed record WatchDefinition(
    string Name,
    string Source,
    string Pattern,
    int SettleSeconds,
    string Kind,
    string SpecJson,
    int Priority = 0,
    int MaxAttempts = 3,
    int LeaseSeconds = 60,
    string? Sample = null);

/// <summary>A stored watch with how many files it has enqueued (all versions counted).</summary>
public sealed record WatchInfo(
    string Name,
    string Source,
    string Pattern,
    int SettleSeconds,
    string Kind,
    string SpecJson,
    DateTimeOffset CreatedAt,
    long FilesSeen,
    long VersionsEnqueued);

/// <summary>One look at a file: its path relative to the source, what the processor reads, and its version stamp.</summary>
/// <param name="RelativePath">'/'-separated path under the watch's source; the item key of its first version.</param>
/// <param name="Input">The absolute path (or object URI) the item's processor reads.</param>
/// <param name="Stamp">What changes when the content changes: the modification time locally, the ETag in object storage.</param>
public sealed record FileObservation(string RelativePath, string Input, long Size, string Stamp);

public enum ObservationOutcome
{
    /// <summary>New or changed since the last look: the settle interval (re)starts.</summary>
    Settling,

    /// <summary>Unchanged, but not yet for the whole settle interval.</summary>
    StillSettling,

    /// <summary>Settled and different from the last enqueued version: a new item was added to the watch's run.</summary>
    Enqueued,

    /// <summary>This (size, stamp) is the version already enqueued: nothing to do.</summary>
    UpToDate,

    /// <summary>The watch no longer exists (removed meanwhile).</summary>
    NoSuchWatch,
}

/// <param name="Version">The file's enqueued version count (0 before its first item).</param>
/// <param name="ItemKey">The item added, for <see cref="ObservationOutcome.Enqueued"/>.</param>
public sealed record ObservationResult(ObservationOutcome Outcome, int Version, string? ItemKey)
{
    /// <summary>
    /// The item key of a file's version: its relative path for version 1, <c>path@vN</c> after, so every version is its
    /// own item (with its own artifacts) and the first keeps the natural name.
    /// </summary>
    public static string KeyOf(string relativePath, int version) => version <= 1 ? relativePath : $"{relativePath}@v{version}";
}
