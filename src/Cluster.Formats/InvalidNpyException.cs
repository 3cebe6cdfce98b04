namespace Cluster.Formats;

/// <summary>An .npy stream (a file or an entry of an .npz) that is not a valid array this library can read.</summary>
public sealed class InvalidNpyException : Exception
{
    public InvalidNpyException(string sourceName, string problem, Exception? innerException = null)
        : base($"{sourceName}: {problem}", innerException)
    {
        SourceName = sourceName;
        Problem = problem;
    }

    /// <summary>The file, or <c>archive.npz:entry.npy</c>, the bad data came from.</summary>
    public string SourceName { get; }

    public string Problem { get; }
}
