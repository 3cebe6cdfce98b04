using Cluster.Core.Processing;
using Cluster.Core.Specs;

namespace Cluster.Core.Working;

/// <summary>
/// Carries out a spec's <c>publish</c> block: the item's newest PNG replaces <c>to/name</c> atomically (a hidden temp
/// file in the same directory renamed over the name), so a display polling that file never sees half an image.
/// </summary>
public static class QuickLookPublisher
{
    /// <summary>The published path, or null when the item produced no PNG.</summary>
    /// <exception cref="IOException">The directory cannot be written; the message names it.</exception>
    public static string? Publish(PublishSpec publish, string run, WorkInput input, IReadOnlyList<ArtifactFile> artifacts)
    {
        var newest = artifacts
            .Where(a => a.MediaType == "image/png" || a.Path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            .Select(a => new FileInfo(a.Path))
            .Where(f => f.Exists)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .ThenByDescending(f => f.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (newest is null) return null;
        var target = Path.Combine(publish.To, publish.FileNameFor(run, input.Path));
        var temp = Path.Combine(publish.To, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(publish.To);
            newest.CopyTo(temp);
            File.Move(temp, target, overwrite: true);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new IOException($"publish {newest.Name} to {target}: {e.Message}", e);
        }
    }
}
