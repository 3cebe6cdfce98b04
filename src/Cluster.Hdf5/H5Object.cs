namespace Cluster.Hdf5;

/// <summary>A group or dataset: its path in the file, its attributes, and its HDF5 id (closed on Dispose).</summary>
public abstract class H5Object : IDisposable
{
    private protected H5Object(H5Id id, H5Where where)
    {
        Id = id;
        Where = where;
        Attributes = new H5Attributes(id, where);
    }

    internal H5Id Id { get; }
    private protected H5Where Where { get; }

    /// <summary>The absolute path inside the file, as it was opened (e.g. <c>/entry1/Counter1/data</c>).</summary>
    public string Path => Where.Path;

    /// <summary>The file's full path.</summary>
    public string FileName => Where.FileName;

    public H5Attributes Attributes { get; }

    public void Dispose()
    {
        Id.Dispose();
        GC.SuppressFinalize(this);
    }
}
