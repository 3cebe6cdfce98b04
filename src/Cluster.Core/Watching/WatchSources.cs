using Cluster.Core.Inputs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// Opens the source a watch names: a local directory, an <c>s3://bucket/prefix</c> polled through <paramref name="objects"/>,
/// or a beamtime catalog file whose finished runs are listed through <paramref name="catalogs"/>.
/// </summary>
public static class WatchSources
{
    /// <param name="objects">Lists object storage; without it an <c>s3://</c> source cannot be opened.</param>
    /// <exception cref="NotSupportedException">An object-store source, and this process has no object-store access.</exception>
    /// <exception cref="ArgumentException">A local directory outside the input roots, or a malformed <c>s3://</c> URI.</exception>
    /// <param name="catalogs">Lists beamtime catalog runs; a source that is a file (a catalog database) needs it.</param>
    public static IWatchSource Open(WatchInfo watch, InputRoots roots, IObjectLister? objects = null, ICatalogRunLister? catalogs = null)
    {
        if (ObjectUri.IsObjectUri(watch.Source))
        {
            var prefix = ObjectUri.Parse(watch.Source, $"watch {watch.Name}: source");
            if (objects is null)
                throw new NotSupportedException($"watch {watch.Name}: {watch.Source}: this process has no object-store access configured");
            return new S3PrefixSource(objects, prefix, new GlobPattern(watch.Pattern));
        }
        var directory = roots.Resolve(watch.Source, $"watch {watch.Name}: source");
        if (File.Exists(directory))
        {
            if (catalogs is null)
                throw new NotSupportedException($"watch {watch.Name}: {watch.Source}: this process cannot read beamtime catalogs");
            return new CatalogRunSource(catalogs, CatalogInput.FromRunSpec(watch.SpecJson, directory));
        }
        return new LocalDirectorySource(directory, new GlobPattern(watch.Pattern), roots);
    }
}
