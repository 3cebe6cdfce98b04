namespace Cluster.Processors.SpectrogramSet;

/// <summary>A row of an item could not be read or does not fit together; the message names the item, the row and the file.</summary>
public sealed class SpectrogramSetInputException(string item, string row, string path, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Item { get; } = item;
    public string Row { get; } = row;
    public string Path { get; } = path;
}
