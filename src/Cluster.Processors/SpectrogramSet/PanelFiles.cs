namespace Cluster.Processors.SpectrogramSet;

/// <summary>Chooses the reader of a row file by its extension.</summary>
public static class PanelFiles
{
    public static readonly IReadOnlyList<string> NpzExtensions = [".npz"];
    public static readonly IReadOnlyList<string> Hdf5Extensions = [".h5", ".hdf5", ".nxs", ".nc"];

    /// <summary>Null when the name has an extension we read; otherwise what is wrong, for spec errors.</summary>
    public static string? ExtensionProblem(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return NpzExtensions.Contains(extension) || Hdf5Extensions.Contains(extension)
            ? null
            : $"'{fileName}' must end in .npz, or .h5, .hdf5, .nxs, .nc for HDF5";
    }

    /// <exception cref="PanelFileException">Missing, unreadable, or of an unknown type.</exception>
    public static IPanelArrays Open(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (NpzExtensions.Contains(extension)) return NpzPanelArrays.Open(path);
        if (Hdf5Extensions.Contains(extension)) return Hdf5PanelArrays.Open(path);
        throw new PanelFileException(path, ExtensionProblem(path)!);
    }
}
