using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Core.Work;

namespace Cluster.Core.Inputs;

/// <summary>
/// Turns a run's input into items in a stable order: files under the directory that match the glob, sorted by
/// relative path (the key), or the listed items in the order given. An <c>s3://bucket/prefix</c> directory lists the
/// objects below the prefix instead (the glob applies to the key below it; input roots do not apply, the orchestrator's
/// <see cref="InputBuckets"/> do at admission).
/// </summary>
public static class InputExpander
{
    /// <param name="objects">Lists object storage; needed only when the input directory is an <c>s3://</c> URI.</param>
    /// <param name="catalogs">Lists beamtime catalog runs; needed only for a <c>catalog</c> input.</param>
    /// <param name="skipped">Told of each matched file that is not an item because it links out of the input roots.</param>
    /// <exception cref="ArgumentException">A bad input, or an object-store input without <paramref name="objects"/>.</exception>
    /// <exception cref="IOException">The object store failed the listing.</exception>
    public static async Task<IReadOnlyList<NewItem>> ExpandAsync(InputSpec input, IJobKind kind, InputRoots roots, IObjectLister? objects,
        CancellationToken ct = default, ICatalogRunLister? catalogs = null, Action<string>? skipped = null)
    {
        if (input.Catalog is not null)
            return CatalogInputs.Expand(input.Catalog, roots, catalogs);
        if (input.Directory is null || !ObjectUri.IsObjectUri(input.Directory))
            return Expand(input, kind, roots, ct, skipped);
        var directory = ObjectUri.Parse(input.Directory, "input.directory");
        if (kind.Items == ItemForm.NameInDirectory)
            throw new ArgumentException($"input.directory: {input.Directory}: {kind.Name} reads its files from a local directory, not from object storage");
        if (input.Items is not null)
            return ListedObjects(input.Items, directory);
        if (objects is null)
            throw new ArgumentException($"input.directory: {input.Directory}: this process has no object-store access configured");
        var matched = await ObjectPrefixListing.MatchAsync(objects, directory, new GlobPattern(input.Glob ?? "*"), ct);
        return matched.Select(m => new NewItem(m.RelativeKey, m.Uri.ToString())).ToList();
    }

    /// <param name="skipped">Told of each matched file that is not an item because it links out of the input roots.</param>
    public static IReadOnlyList<NewItem> Expand(InputSpec input, IJobKind kind, InputRoots roots, CancellationToken ct = default,
        Action<string>? skipped = null)
    {
        if (kind.Items == ItemForm.NameInDirectory)
            return NamesInDirectory(input, roots, ct, skipped);
        if (input.Items is not null)
            return ListedItems(input, kind, roots);
        var directory = roots.Resolve(input.Directory!, "input.directory");
        if (!Directory.Exists(directory))
            throw new ArgumentException($"input.directory: {input.Directory} does not exist or is not a directory");
        return MatchingFiles(directory, new GlobPattern(input.Glob ?? "*"), roots, ct, skipped);
    }

    private static List<NewItem> MatchingFiles(string directory, GlobPattern glob, InputRoots roots, CancellationToken ct, Action<string>? skipped)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = glob.IsRecursive,
            AttributesToSkip = FileAttributes.Hidden,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var items = new List<NewItem>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", options))
        {
            ct.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(directory, path).Replace('\\', '/');
            if (!glob.Matches(key)) continue;
            // A link inside the directory may point anywhere: check where it really leads. One that leads out is never
            // read; it is not the whole run's failure either (the other files are fine), so it is left out and said.
            var real = InputRoots.RealPath(path);
            if (!roots.Contains(real))
            {
                skipped?.Invoke($"{key}: not an item: it links to {real}, outside the input roots ({string.Join(", ", roots.Roots)})");
                continue;
            }
            items.Add(new NewItem(key, real));
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return items;
    }

    /// <summary>
    /// Items named by the listed keys, or by the stems of the files the glob matches; each item's input is the
    /// directory its kind reads from. Two matched files with one stem would be one item twice: refused.
    /// </summary>
    private static IReadOnlyList<NewItem> NamesInDirectory(InputSpec input, InputRoots roots, CancellationToken ct, Action<string>? skipped)
    {
        var directory = roots.Resolve(input.Directory ?? ".", "input.directory");
        if (!Directory.Exists(directory))
            throw new ArgumentException($"input.directory: {input.Directory ?? directory} does not exist or is not a directory");
        var items = new List<NewItem>();
        var firstPath = new Dictionary<string, string>(StringComparer.Ordinal);
        if (input.Items is not null)
        {
            for (var i = 0; i < input.Items.Count; i++)
            {
                var name = input.Items[i];
                if (!firstPath.TryAdd(name, name))
                    throw new ArgumentException($"input.items[{i}]: '{name}' is listed twice");
                items.Add(new NewItem(name, directory));
            }
            return items;
        }
        foreach (var file in MatchingFiles(directory, new GlobPattern(input.Glob ?? "*"), roots, ct, skipped))
        {
            var stem = Path.GetFileNameWithoutExtension(file.Key);
            if (!firstPath.TryAdd(stem, file.Key))
                throw new ArgumentException($"input.glob: {firstPath[stem]} and {file.Key} both name the item '{stem}'");
            items.Add(new NewItem(stem, directory));
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return items;
    }

    private static IReadOnlyList<NewItem> ListedObjects(IReadOnlyList<string> entries, ObjectUri directory)
    {
        var items = new List<NewItem>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!seen.Add(entry))
                throw new ArgumentException($"input.items[{i}]: '{entry}' is listed twice");
            if (entry.StartsWith('/') || entry.Split('/').Contains(".."))
                throw new ArgumentException($"input.items[{i}]: '{entry}' must be a key relative to {directory}");
            // A missing object is the item's own error (reported when it is fetched), not the whole run's.
            items.Add(new NewItem(entry, directory.Child(entry).ToString()));
        }
        return items;
    }

    private static IReadOnlyList<NewItem> ListedItems(InputSpec input, IJobKind kind, InputRoots roots)
    {
        var items = new List<NewItem>(input.Items!.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < input.Items.Count; i++)
        {
            var entry = input.Items[i];
            if (!seen.Add(entry))
                throw new ArgumentException($"input.items[{i}]: '{entry}' is listed twice");
            if (!kind.ReadsFiles)
            {
                items.Add(new NewItem(entry, entry));
                continue;
            }
            var path = input.Directory is not null && !Path.IsPathRooted(entry) ? Path.Combine(input.Directory, entry) : entry;
            var real = roots.Resolve(path, $"input.items[{i}]");
            // A missing file is the item's own error (reported when it runs), not the whole run's.
            items.Add(new NewItem(entry, real));
        }
        return items;
    }
}
