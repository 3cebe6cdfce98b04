namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// HDF5 row files (<c>.h5 .hdf5 .nxs .nc</c>), arrays named by dataset path such as <c>/entry/ees/flux</c>.
/// INTEGRATION POINT: reading arrives with the shared HDF5 binding (project Cluster.Hdf5); until then every open
/// fails with a clear message, so a spec naming HDF5 files is accepted and its items end in error, naming the file.
/// </summary>
public static class Hdf5PanelArrays
{
    public static IPanelArrays Open(string path) =>
        throw new PanelFileException(path, "HDF5 reading arrives with Cluster.Hdf5 (not in this build yet); convert the file to .npz meanwhile");
}
