using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

/// <summary>
/// An open HDF5 file. Dispose closes it and reports a failed close (the close writes what is still cached).
/// HDF5 keeps the file open until every group, dataset and attribute opened from it is disposed as well.
/// </summary>
public sealed class H5File : IDisposable
{
    private readonly H5Id _id;
    private readonly H5Where _where;

    private H5File(H5Id id, string fileName)
    {
        _id = id;
        _where = new H5Where("/", fileName);
        try
        {
            Root = new H5Group(_where.Take(Hdf5Native.H5Gopen2(id.Value, "/", Hdf5Native.H5P_DEFAULT), H5IdKind.Group, "open the root group of"), _where);
        }
        catch
        {
            id.Dispose();
            throw;
        }
    }

    /// <summary>The file's full path.</summary>
    public string FileName => _where.FileName;

    /// <summary>The root group "/", owned by the file (disposed with it).</summary>
    public H5Group Root { get; }

    /// <summary>Creates <paramref name="path"/>, replacing an existing file.</summary>
    public static H5File Create(string path)
    {
        H5Library.EnterThread();
        var fileName = System.IO.Path.GetFullPath(path);
        return new H5File(H5Id.Take(Hdf5Native.H5Fcreate(fileName, Hdf5Native.H5F_ACC_TRUNC, Hdf5Native.H5P_DEFAULT, Hdf5Native.H5P_DEFAULT), H5IdKind.File, "create file", "/", fileName), fileName);
    }

    /// <summary>
    /// Opens <paramref name="path"/> read-only. With <paramref name="fileLocking"/> false HDF5 takes no lock
    /// (for file systems without flock support); by default it fails on a file another process has open for
    /// writing, which is what keeps readers from seeing a file mid-write.
    /// </summary>
    public static H5File OpenRead(string path, bool fileLocking = true) => Open(path, Hdf5Native.H5F_ACC_RDONLY, fileLocking, "open file");

    /// <summary>Opens an existing file for reading and writing.</summary>
    public static H5File OpenReadWrite(string path) => Open(path, Hdf5Native.H5F_ACC_RDWR, fileLocking: true, "open file for writing");

    private static H5File Open(string path, uint flags, bool fileLocking, string operation)
    {
        H5Library.EnterThread();
        var fileName = System.IO.Path.GetFullPath(path);
        var where = new H5Where("/", fileName);
        using var access = where.Take(Hdf5Native.H5Pcreate(Hdf5Native.H5P_FILE_ACCESS), H5IdKind.PropertyList, "create file access properties for");
        if (!fileLocking)
            where.Check(Hdf5Native.H5Pset_file_locking(access.Value, 0, 1), "turn file locking off for");
        return new H5File(where.Take(Hdf5Native.H5Fopen(fileName, flags, access.Value), H5IdKind.File, operation), fileName);
    }

    /// <summary>Writes HDF5's cached data and metadata to the operating system (no fsync).</summary>
    public void Flush()
    {
        H5Library.EnterThread();
        _where.Check(Hdf5Native.H5Fflush(_id.Value, Hdf5Native.H5F_SCOPE_GLOBAL), "flush");
    }

    public void Dispose()
    {
        if (_id.IsClosed) return;
        H5Library.EnterThread();
        Root.Dispose();
        if (_id.CloseChecked() < 0) throw H5Library.Failure("close", "/", FileName);
    }
}
