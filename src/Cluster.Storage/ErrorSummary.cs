namespace Cluster.Storage;

/// <summary>The item row keeps a one-line summary of a failure; the full text goes to the item log.</summary>
internal static class ErrorSummary
{
    /// <summary>What a completed item keeps in its <c>error</c> column: why a no_data item had nothing (first line), else nothing.</summary>
    public static string? OfCompletion(Core.Work.ItemState outcome, string? note) =>
        outcome == Core.Work.ItemState.NoData && note is not null ? FirstLine(note) : null;

    public static string FirstLine(string error)
    {
        var line = error.AsSpan().TrimStart();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }
}
