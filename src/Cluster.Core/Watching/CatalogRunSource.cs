using System.Globalization;
using Cluster.Core.Inputs;
using Cluster.Core.Work;

namespace Cluster.Core.Watching;

/// <summary>
/// A watched beamtime catalog file: each finished run is an observation (relative path = the run's uid, input = the
/// catalog), stamped with its stop time, so a run becomes an item once it has ended and the watch's settle time has
/// passed. The file's own writes raise <see cref="Changed"/> (SQLite appends to the database or its -wal file).
/// </summary>
public sealed class CatalogRunSource : IWatchSource
{
    private readonly ICatalogRunLister _catalogs;
    private readonly CatalogInput _catalog;
    private readonly FileSystemWatcher? _events;

    public CatalogRunSource(ICatalogRunLister catalogs, CatalogInput catalog)
    {
        _catalogs = catalogs;
        _catalog = catalog;
        var directory = Path.GetDirectoryName(catalog.Path);
        if (directory is null || !Directory.Exists(directory)) return;
        var events = new FileSystemWatcher(directory, Path.GetFileName(catalog.Path) + "*")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
        };
        events.Changed += (_, _) => Changed?.Invoke();
        events.Created += (_, _) => Changed?.Invoke();
        events.Error += (_, _) => Changed?.Invoke();
        try
        {
            events.EnableRaisingEvents = true;
            _events = events;
        }
        catch (IOException)
        {
            // inotify limits reached: the periodic rescans still find every run.
            events.Dispose();
        }
    }

    public event Action? Changed;

    /// <exception cref="IOException">The catalog is missing or unreadable (reported by the watcher, retried).</exception>
    public Task<IReadOnlyList<FileObservation>> ScanAsync(CancellationToken ct)
    {
        if (!File.Exists(_catalog.Path))
            throw new FileNotFoundException($"watched catalog {_catalog.Path} does not exist", _catalog.Path);
        IReadOnlyList<CatalogEntry> runs;
        try
        {
            runs = _catalogs.ListRuns(_catalog, finishedOnly: true);
        }
        catch (ArgumentException e)
        {
            throw new IOException(e.Message, e);
        }
        return Task.FromResult<IReadOnlyList<FileObservation>>(runs
            .Select(run => new FileObservation(run.Uid, _catalog.Path, 0, run.Stamp ?? run.StartedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)))
            .ToList());
    }

    public void Dispose() => _events?.Dispose();
}
