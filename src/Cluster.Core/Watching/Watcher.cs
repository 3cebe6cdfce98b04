using System.Collections.Concurrent;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Core.Watching;

/// <summary>
/// The scheduler leader's watch duty: on every tick it opens a source for each stored watch (a local directory, or an
/// <c>s3://</c> prefix listed through <c>objects</c>), closes those of removed watches, scans the sources that
/// reported a change or whose rescan interval (settle/2, at most 5 s) has passed, and records each file whose (size, stamp) is not known to be enqueued already. The settle decision and
/// the enqueue happen in the store, so all that is kept here is a cache that saves store round trips; a new leader
/// starts with an empty cache and re-observes every file once (each answered "up to date").
/// </summary>
public sealed class Watcher(IWorkStore store, InputRoots roots, ILogger<Watcher>? logger = null, IObjectLister? objects = null,
    ICatalogRunLister? catalogs = null) : IDisposable
{
    public static readonly TimeSpan MaxRescanInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinRescanInterval = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _log = logger ?? NullLogger<Watcher>.Instance;
    private readonly ConcurrentDictionary<string, ActiveWatch> _active = new(StringComparer.Ordinal);

    /// <summary>How often a watch is rescanned without change events.</summary>
    public static TimeSpan RescanInterval(int settleSeconds) =>
        TimeSpan.FromSeconds(Math.Clamp(settleSeconds / 2.0, MinRescanInterval.TotalSeconds, MaxRescanInterval.TotalSeconds));

    /// <summary>One pass over every watch; a broken watch (missing directory) is logged and does not stop the others.</summary>
    public async Task TickAsync(CancellationToken ct)
    {
        var watches = await store.ListWatchesAsync(ct);
        var current = watches.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _active.Keys.Where(name => !current.Contains(name)).ToList())
        {
            if (_active.TryRemove(gone, out var removed)) removed.Dispose();
            _log.LogInformation("Watch {Watch} removed: no longer watching", gone);
        }
        foreach (var watch in watches)
        {
            var active = _active.GetOrAdd(watch.Name, _ => Open(watch));
            if (active.IsDue(DateTimeOffset.UtcNow))
                await ScanAsync(active, ct);
        }
    }

    /// <summary>Leadership lost (or shutting down): stop listening; the next leader carries on from the store.</summary>
    public void Suspend()
    {
        foreach (var name in _active.Keys.ToList())
            if (_active.TryRemove(name, out var active)) active.Dispose();
    }

    public void Dispose() => Suspend();

    private ActiveWatch Open(WatchInfo watch)
    {
        IWatchSource? source = null;
        string? problem = null;
        try
        {
            source = WatchSources.Open(watch, roots, objects, catalogs);
            _log.LogInformation("Watching {Source} for {Pattern} (watch {Watch}, settle {Settle} s)", watch.Source, watch.Pattern, watch.Name, watch.SettleSeconds);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Kept as a broken watch: it is reported on every rescan instead of being retried on every tick.
            problem = e.Message;
        }
        return new ActiveWatch(watch, source, problem, RescanInterval(watch.SettleSeconds));
    }

    private async Task ScanAsync(ActiveWatch active, CancellationToken ct)
    {
        active.StartScan(DateTimeOffset.UtcNow);
        if (active.Source is null)
        {
            active.Report(_log, active.Problem!);
            return;
        }
        IReadOnlyList<FileObservation> files;
        try
        {
            files = await active.Source.ScanAsync(ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            active.Report(_log, e.Message);
            return;
        }
        active.ClearProblem();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            present.Add(file.RelativePath);
            if (active.IsKnownEnqueued(file)) continue;
            var result = await store.RecordObservationAsync(active.Watch.Name, file, ct);
            switch (result.Outcome)
            {
                case ObservationOutcome.Enqueued:
                    _log.LogInformation("Watch {Watch}: {Path} settled, enqueued as {Key} (version {Version})",
                        active.Watch.Name, file.RelativePath, result.ItemKey, result.Version);
                    active.RememberEnqueued(file);
                    break;
                case ObservationOutcome.UpToDate:
                    active.RememberEnqueued(file);
                    break;
                case ObservationOutcome.NoSuchWatch:
                    // Removed between the listing and now: the next tick closes it.
                    return;
            }
        }
        active.ForgetAllBut(present);
    }

    private sealed class ActiveWatch : IDisposable
    {
        private readonly TimeSpan _rescan;
        private readonly Dictionary<string, (long Size, string Stamp)> _enqueued = new(StringComparer.Ordinal);
        private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
        private int _changed;
        private string? _reported;

        public ActiveWatch(WatchInfo watch, IWatchSource? source, string? problem, TimeSpan rescan)
        {
            Watch = watch;
            Source = source;
            Problem = problem;
            _rescan = rescan;
            if (source is not null) source.Changed += () => Interlocked.Exchange(ref _changed, 1);
        }

        public WatchInfo Watch { get; }
        public IWatchSource? Source { get; }
        public string? Problem { get; }

        public bool IsDue(DateTimeOffset now) => Volatile.Read(ref _changed) == 1 || now - _lastScan >= _rescan;

        public void StartScan(DateTimeOffset now)
        {
            _lastScan = now;
            Interlocked.Exchange(ref _changed, 0);
        }

        public bool IsKnownEnqueued(FileObservation file) =>
            _enqueued.TryGetValue(file.RelativePath, out var known) && known.Size == file.Size && known.Stamp == file.Stamp;

        public void RememberEnqueued(FileObservation file) => _enqueued[file.RelativePath] = (file.Size, file.Stamp);

        public void ForgetAllBut(HashSet<string> present)
        {
            foreach (var path in _enqueued.Keys.Where(p => !present.Contains(p)).ToList())
                _enqueued.Remove(path);
        }

        /// <summary>Logs a problem once, not on every rescan, until it changes or goes away.</summary>
        public void Report(ILogger log, string problem)
        {
            if (problem == _reported) return;
            _reported = problem;
            log.LogWarning("Watch {Watch}: {Problem}; retrying every {Interval}", Watch.Name, problem, _rescan);
        }

        public void ClearProblem() => _reported = null;

        public void Dispose() => Source?.Dispose();
    }
}
