namespace Cluster.Core.Inputs;

/// <param name="RelativeKey">The key below the listed prefix, '/'-separated: the item key.</param>
public sealed record MatchedObject(string RelativeKey, ObjectUri Uri, ListedObject Object);

/// <summary>
/// The objects below a prefix that a glob selects, with the rules of local directories: the glob applies to the key
/// below the prefix, and keys with a segment starting with '.' (hidden, temporary) and directory markers are left out.
/// </summary>
public static class ObjectPrefixListing
{
    /// <returns>Sorted by relative key (ordinal), whatever order the store listed them in.</returns>
    public static async Task<IReadOnlyList<MatchedObject>> MatchAsync(IObjectLister lister, ObjectUri directory, GlobPattern glob, CancellationToken ct)
    {
        var strip = directory.ListPrefix.Length;
        var matched = new List<MatchedObject>();
        foreach (var listed in await lister.ListAsync(directory, ct))
        {
            if (listed.Key.Length <= strip || listed.Key.EndsWith('/')) continue;
            var relative = listed.Key[strip..];
            if (relative.Split('/').Any(segment => segment.StartsWith('.')) || !glob.Matches(relative)) continue;
            matched.Add(new MatchedObject(relative, new ObjectUri(directory.Bucket, listed.Key), listed));
        }
        matched.Sort((a, b) => string.CompareOrdinal(a.RelativeKey, b.RelativeKey));
        return matched;
    }
}
