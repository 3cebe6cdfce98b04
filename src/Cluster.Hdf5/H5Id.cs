using System.Runtime.InteropServices;
using Cluster.Hdf5.Native;

namespace Cluster.Hdf5;

internal enum H5IdKind { File, Group, Dataset, Dataspace, Datatype, Attribute, PropertyList, Object }

/// <summary>
/// An HDF5 identifier closed exactly once with the close function of its kind: on Dispose, or by the finalizer
/// when an owner forgot (HDF5 is thread-safe, so closing on the finalizer thread is allowed).
/// </summary>
internal sealed class H5Id : SafeHandle
{
    private H5Id(long id, H5IdKind kind) : base(0, ownsHandle: true)
    {
        SetHandle((nint)id);
        Kind = kind;
    }

    public H5IdKind Kind { get; }

    public override bool IsInvalid => handle <= 0;

    /// <summary>The raw id for a native call; throws once the id is closed.</summary>
    public long Value => IsClosed ? throw new ObjectDisposedException($"HDF5 {Kind}") : handle;

    /// <summary>Wraps the result of an HDF5 call that returns a new id; a negative result becomes an <see cref="Hdf5Exception"/>.</summary>
    public static H5Id Take(long id, H5IdKind kind, string operation, string objectPath, string fileName) =>
        new(H5Library.Check(id, operation, objectPath, fileName), kind);

    /// <summary>Closes now and reports the result, for closes whose failure matters (a file close flushes data).</summary>
    public int CloseChecked()
    {
        if (IsClosed || IsInvalid) return 0;
        var id = (long)handle;
        SetHandleAsInvalid();
        return Close(Kind, id);
    }

    protected override bool ReleaseHandle()
    {
        // Possibly on the finalizer thread, where HDF5 would otherwise print its error stack to stderr.
        H5Library.EnterThread();
        return Close(Kind, handle) >= 0;
    }

    private static int Close(H5IdKind kind, long id) => kind switch
    {
        H5IdKind.File => Hdf5Native.H5Fclose(id),
        H5IdKind.Group => Hdf5Native.H5Gclose(id),
        H5IdKind.Dataset => Hdf5Native.H5Dclose(id),
        H5IdKind.Dataspace => Hdf5Native.H5Sclose(id),
        H5IdKind.Datatype => Hdf5Native.H5Tclose(id),
        H5IdKind.Attribute => Hdf5Native.H5Aclose(id),
        H5IdKind.PropertyList => Hdf5Native.H5Pclose(id),
        _ => Hdf5Native.H5Oclose(id),
    };
}
