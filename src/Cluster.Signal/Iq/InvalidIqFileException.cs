namespace Cluster.Signal;

/// <summary>An IQ file that cannot be read as what it claims to be; the message starts with the path.</summary>
public sealed class InvalidIqFileException : Exception
{
    public InvalidIqFileException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
