namespace Cluster.Storage;

/// <summary>The item row keeps a one-line summary of a failure; the full text goes to the item log.</summary>
internal static class ErrorSummary
{
    public static string FirstLine(string error)
    {
        var line = error.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }
}
