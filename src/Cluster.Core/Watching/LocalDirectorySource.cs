using System.Globalization;
using Cluster.Core.Inputs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// A watched local directory: a <see cref="FileSystemWatcher"/> to notice writes quickly, and a full listing as the
/// truth (inotify drops events when its queue overflows, and misses changes on network file systems). Every file's
/// real path must stay inside the input roots, as for run inputs; the stamp is the modification time in ticks.
/// </summary>
public sealed class LocalDirectorySource : IWatchSource
{
    private readonly string _directory;
    private readonly GlobPattern _glob;
    private readonly InputRoots _roots;
    private readonly FileSystemWatcher? _events;

    /// <param name="directory">An absolute directory already checked against <paramref name="roots"/>.</param>
    public LocalDirectorySource(string directory, GlobPattern glob, InputRoots roots)
    {
        _directory = directory;
        _glob = glob;
        _roots = roots;
        _events = StartEvents(directory, glob.IsRecursive);
    }

    /// <summary>Null when the directory is missing or inotify's limits are reached: the periodic scans still find everything.</summary>
    private FileSystemWatcher? StartEvents(string directory, bool recursive)
    {
        if (!Directory.Exists(directory)) return null;
        var events = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
        };
        events.Changed += (_, _) => Changed?.Invoke();
        events.Created += (_, _) => Changed?.Invoke();
        events.Renamed += (_, _) => Changed?.Invoke();
        // An overflowed event queue loses changes: a scan finds them.
        events.Error += (_, _) => Changed?.Invoke();
        try
        {
            events.EnableRaisingEvents = true;
            return events;
        }
        catch (IOException)
        {
            events.Dispose();
            return null;
        }
    }

    public event Action? Changed;

    /// <exception cref="DirectoryNotFoundException">The directory does not exist (any more).</exception>
    public Task<IReadOnlyList<FileObservation>> ScanAsync(CancellationToken ct)
    {
        if (!Directory.Exists(_directory))
            throw new DirectoryNotFoundException($"watched directory {_directory} does not exist");
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = _glob.IsRecursive,
            AttributesToSkip = FileAttributes.Hidden,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var files = new List<FileObservation>();
        foreach (var info in new DirectoryInfo(_directory).EnumerateFiles("*", options))
        {
            ct.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(_directory, info.FullName).Replace('\\', '/');
            if (relative.Split('/').Any(segment => segment.StartsWith('.')) || !_glob.Matches(relative)) continue;
            var real = InputRoots.RealPath(info.FullName);
            if (!_roots.Contains(real)) continue;
            try
            {
                info.Refresh();
                files.Add(new FileObservation(relative, real, info.Length,
                    info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)));
            }
            catch (FileNotFoundException)
            {
                // Deleted or renamed between listing and stat (a writer's temporary file): it is simply not there.
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return Task.FromResult<IReadOnlyList<FileObservation>>(files);
    }

    public void Dispose() => _events?.Dispose();
}
