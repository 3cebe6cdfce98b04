namespace Cluster.Core.Inputs;

/// <summary>
/// The directories user-given input paths must stay inside. A path is checked after resolving <c>..</c> and every
/// symbolic link on the way, so neither <c>../../etc</c> nor a link pointing out of a root gets through.
/// </summary>
public sealed class InputRoots
{
    private readonly string[] _roots;

    public InputRoots(IEnumerable<string> roots)
    {
        _roots = roots.Select(r => RealPath(Path.GetFullPath(r))).Distinct().ToArray();
        if (_roots.Length == 0) throw new ArgumentException("input roots: at least one directory is needed");
    }

    public IReadOnlyList<string> Roots => _roots;

    /// <summary>The real absolute path of <paramref name="path"/> (relative paths start at the first root).</summary>
    /// <exception cref="ArgumentException">The path leads outside every root; the message starts with <paramref name="field"/>.</exception>
    public string Resolve(string path, string field)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(_roots[0], path));
        var real = RealPath(full);
        if (!_roots.Any(root => IsInside(real, root)))
            throw new ArgumentException($"{field}: {path} is outside the input roots ({string.Join(", ", _roots)})");
        return real;
    }

    public bool Contains(string realPath) => _roots.Any(root => IsInside(realPath, root));

    private static bool IsInside(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>Resolves symbolic links component by component; components that do not exist yet are kept as they are.</summary>
    public static string RealPath(string fullPath)
    {
        var parts = fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? next;
                var rest = string.Join('/', parts[(i + 1)..]);
                return RealPath(Path.GetFullPath(rest.Length > 0 ? Path.Combine(target, rest) : target));
            }
            current = next;
        }
        return current;
    }
}
