using Cluster.Hdf5;

namespace Cluster.Nexus;

public static partial class NexusFileWriter
{
    /// <summary>
    /// Writes the tree straight to <paramref name="path"/> (created or truncated), with no temporary name and no
    /// rename, and closes it. For callers that manage the names themselves (the <c>nxstxm</c> kind writes a
    /// temporary name it chose and renames it to the final name or to <c>.err</c>); everyone else uses
    /// <see cref="Write"/>. On failure the partly written file is left for the caller to remove or rename.
    /// </summary>
    public static void WriteDirect(NexusGroup root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var file = H5File.Create(Path.GetFullPath(path));
        WriteGroup(file.Root, root);
    }
}
