namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// The arrays of one row file (NPZ today, HDF5 when Cluster.Hdf5 arrives), read by name as float64. Errors name the
/// file and the array.
/// </summary>
public interface IPanelArrays : IDisposable
{
    /// <summary>The file the arrays come from.</summary>
    string Path { get; }

    /// <summary>The array <paramref name="name"/> (an NPZ entry, or an HDF5 dataset path such as <c>/entry/ees/flux</c>).</summary>
    /// <exception cref="PanelFileException">No such array, or one that is not numeric.</exception>
    PanelArray Read(string name);
}

/// <summary>An n-dimensional array as float64 in C (row-major) order, with its units when the file says (an HDF5 <c>units</c> attribute).</summary>
public sealed record PanelArray(double[] Data, long[] Shape, string? Units = null)
{
    public int Rank => Shape.Length;
}

/// <summary>A row file that is missing, unreadable, or lacks an array: names the file (and the array).</summary>
public sealed class PanelFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
