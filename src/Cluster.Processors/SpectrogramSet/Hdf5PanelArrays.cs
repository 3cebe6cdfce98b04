using Cluster.Hdf5;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// Arrays of an HDF5 row file (<c>.h5 .hdf5 .nxs .nc</c>), named by dataset path such as <c>/entry/ees/flux</c>;
/// integer and floating-point datasets read as float64 (HDF5 converts); a string <c>units</c> attribute comes along.
/// </summary>
public sealed class Hdf5PanelArrays : IPanelArrays
{
    private readonly H5File _file;

    private Hdf5PanelArrays(string path, H5File file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <exception cref="PanelFileException">The file is missing or not a readable HDF5 file.</exception>
    public static Hdf5PanelArrays Open(string path)
    {
        if (!File.Exists(path)) throw new PanelFileException(path, "no such file");
        try
        {
            return new Hdf5PanelArrays(path, H5File.OpenRead(path));
        }
        catch (Hdf5Exception e)
        {
            throw new PanelFileException(path, $"not a readable HDF5 file: {e.NativeMessage}", e);
        }
    }

    public PanelArray Read(string name)
    {
        try
        {
            if (!_file.Root.Exists(name))
                throw new PanelFileException(Path, $"has no dataset '{name}'");
            using var dataset = _file.Root.OpenDataset(name);
            if (dataset.DataType.Class is not (H5TypeClass.Integer or H5TypeClass.Float))
                throw new PanelFileException(Path, $"dataset '{name}' is not numeric ({dataset.DataType.Class})");
            var units = dataset.Attributes.Exists("units") ? dataset.Attributes.ReadString("units").Trim() : null;
            return new PanelArray(dataset.Read<double>(), dataset.Shape, string.IsNullOrEmpty(units) ? null : units);
        }
        catch (Hdf5Exception e)
        {
            throw new PanelFileException(Path, $"dataset '{name}' cannot be read: {e.NativeMessage}", e);
        }
    }

    public void Dispose() => _file.Dispose();
}
