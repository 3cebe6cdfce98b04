using System.Globalization;

namespace Cluster.Formats;

/// <summary>
/// File names carrying the time they were made, as <c>base_YYYYmmdd_HHMMSS</c>. The time is always written in
/// UTC (the offset of <see cref="DateTimeOffset"/> is applied), so names sort by time across time zones and
/// daylight-saving changes.
/// </summary>
public static class TimestampedName
{
    /// <summary>E.g. <c>Create("run", 2026-11-21T21:01:02+01:00)</c> is <c>run_20261121_200102</c>.</summary>
    public static string Create(string baseName, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        if (baseName.IndexOfAny(['/', '\\', '\0']) >= 0)
            throw new ArgumentException($"'{baseName}' is not a plain name: it contains a path separator or NUL", nameof(baseName));
        return $"{baseName}_{time.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The timestamped file name (with <paramref name="extension"/>, dot optional) that does not exist yet in
    /// <paramref name="directory"/>: <c>run_20261121_200102.npz</c>, else <c>run_20261121_200102_1.npz</c>,
    /// <c>_2</c>, ... Returns the name, not the path. This is a check, not a reservation: two processes may pick
    /// the same name, so create the file with <see cref="FileMode.CreateNew"/> when that matters.
    /// </summary>
    public static string Unique(string directory, string baseName, string extension, DateTimeOffset time)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(extension);
        var stem = Create(baseName, time);
        var suffix = extension.Length == 0 || extension.StartsWith('.') ? extension : "." + extension;
        var name = stem + suffix;
        for (var counter = 1; Path.Exists(Path.Combine(directory, name)); counter++)
            name = $"{stem}_{counter}{suffix}";
        return name;
    }
}
