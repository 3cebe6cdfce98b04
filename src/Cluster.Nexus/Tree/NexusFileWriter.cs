namespace Cluster.Nexus;

/// <summary>Writes a NeXus tree into an HDF5 file; the root group becomes the file's root (<c>NX_class</c> NXroot).</summary>
public static class NexusFileWriter
{
    /// <summary>Creates (or truncates) <paramref name="path"/> and writes every member and attribute of <paramref name="root"/>.</summary>
    public static void Write(NexusGroup root, string path) =>
        throw new NotImplementedException("the HDF5 writer is being written");
}
