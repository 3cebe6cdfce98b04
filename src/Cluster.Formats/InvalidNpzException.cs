namespace Cluster.Formats;

/// <summary>An .npz file that is not a readable zip archive of .npy entries.</summary>
public sealed class InvalidNpzException : Exception
{
    public InvalidNpzException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    public string Problem { get; }
}
