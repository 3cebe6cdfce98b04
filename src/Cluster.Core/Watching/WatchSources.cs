using Cluster.Core.Inputs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>Opens the source a watch names: a local directory now; <c>s3://</c> sources are to come.</summary>
public static class WatchSources
{
    /// <exception cref="NotSupportedException">An object-store source.</exception>
    /// <exception cref="ArgumentException">A local directory outside the input roots.</exception>
    public static IWatchSource Open(WatchInfo watch, InputRoots roots)
    {
        if (watch.Source.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException($"watch {watch.Name}: {watch.Source}: s3:// watches are not supported yet");
        var directory = roots.Resolve(watch.Source, $"watch {watch.Name}: source");
        return new LocalDirectorySource(directory, new GlobPattern(watch.Pattern), roots);
    }
}
