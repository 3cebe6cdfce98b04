namespace Cluster.Hdf5;

/// <summary>
/// An HDF5 call failed. The message names what was attempted, the object path inside the file and the file,
/// followed by HDF5's own explanation (outermost and innermost records of its error stack), e.g.
/// <c>cannot open file '/data/x.h5': unable to open file: file signature not found</c>.
/// </summary>
public sealed class Hdf5Exception : IOException
{
    public Hdf5Exception(string operation, string objectPath, string fileName, string nativeMessage)
        : base(Describe(operation, objectPath, fileName, nativeMessage))
    {
        Operation = operation;
        ObjectPath = objectPath;
        FileName = fileName;
        NativeMessage = nativeMessage;
    }

    /// <summary>What was attempted, e.g. "open dataset".</summary>
    public string Operation { get; }

    /// <summary>The path inside the file ("/" for the file itself).</summary>
    public string ObjectPath { get; }

    public string FileName { get; }

    /// <summary>HDF5's explanation from its error stack; empty when the library gave none.</summary>
    public string NativeMessage { get; }

    private static string Describe(string operation, string objectPath, string fileName, string nativeMessage)
    {
        var where = objectPath is "" or "/" ? $"'{fileName}'" : $"'{objectPath}' in '{fileName}'";
        return nativeMessage.Length > 0 ? $"cannot {operation} {where}: {nativeMessage}" : $"cannot {operation} {where}";
    }
}
