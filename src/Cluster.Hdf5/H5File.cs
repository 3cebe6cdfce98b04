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

    /// <summary>
    /// Creates <paramref name="path"/>, replacing an existing file. Writers take no HDF5 file lock by default:
    /// HDF5 opens files without O_CLOEXEC, so a lock taken here would be inherited by every child process
    /// started while the file is open and would outlive <see cref="Dispose"/> (and a rename), refusing readers
    /// for as long as that child runs. Files are written under a temporary name and renamed instead (see
    /// docs/hdf5.md); pass <paramref name="fileLocking"/> true to have HDF5 lock anyway.
    /// </summary>
    public static H5File Create(string path, bool fileLocking = false) => Open(path, create: true, Hdf5Native.H5F_ACC_TRUNC, fileLocking, "create file");

    /// <summary>
    /// Opens <paramref name="path"/> read-only. By default HDF5 takes a shared lock, so a file that a locking
    /// writer (h5py, another HDF5 program) still has open is refused instead of read half-written; pass
    /// <paramref name="fileLocking"/> false for file systems without flock support.
    /// </summary>
    public static H5File OpenRead(string path, bool fileLocking = true) => Open(path, create: false, Hdf5Native.H5F_ACC_RDONLY, fileLocking, "open file");

    /// <summary>Opens an existing file for reading and writing; no lock by default, for the reason given at <see cref="Create"/>.</summary>
    public static H5File OpenReadWrite(string path, bool fileLocking = false) => Open(path, create: false, Hdf5Native.H5F_ACC_RDWR, fileLocking, "open file for writing");

    private static H5File Open(string path, bool create, uint flags, bool fileLocking, string operation)
    {
        H5Library.EnterThread();
        var fileName = System.IO.Path.GetFullPath(path);
        var where = new H5Where("/", fileName);
        using var access = where.Take(Hdf5Native.H5Pcreate(Hdf5Native.H5P_FILE_ACCESS), H5IdKind.PropertyList, "create file access properties for");
        // ignore_when_disabled = 1: where the file system has no flock (some NFS), locking quietly does nothing.
        where.Check(Hdf5Native.H5Pset_file_locking(access.Value, fileLocking ? (byte)1 : (byte)0, 1), "set file locking for");
        var id = create
            ? Hdf5Native.H5Fcreate(fileName, flags, Hdf5Native.H5P_DEFAULT, access.Value)
            : Hdf5Native.H5Fopen(fileName, flags, access.Value);
        return new H5File(where.Take(id, H5IdKind.File, operation), fileName);
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
