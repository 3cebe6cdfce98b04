using System.IO.Enumeration;

namespace Cluster.Core.Inputs;

/// <summary>
/// A relative file pattern: <c>*</c> and <c>?</c> within one path segment, <c>**</c> for any number of directories
/// (<c>*.tiq</c>, <c>2026-*/**/*.sigmf-meta</c>). Matching is case-sensitive, as file names are on Linux.
/// </summary>
public sealed class GlobPattern(string pattern)
{
    private readonly string[] _segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public bool IsRecursive => _segments.Length > 1;

    /// <summary>Matches a path relative to the input directory, with '/' separators.</summary>
    public bool Matches(string relativePath) => Matches(relativePath.Split('/'), 0, 0);

    private bool Matches(string[] path, int p, int s)
    {
        if (s == _segments.Length) return p == path.Length;
        if (_segments[s] == "**")
        {
            for (var skip = p; skip <= path.Length; skip++)
                if (Matches(path, skip, s + 1)) return true;
            return false;
        }
        return p < path.Length
               && FileSystemName.MatchesSimpleExpression(_segments[s], path[p], ignoreCase: false)
               && Matches(path, p + 1, s + 1);
    }

    public override string ToString() => pattern;
}
