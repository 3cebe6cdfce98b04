using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Microsoft.Extensions.Logging;

namespace Cluster.Core.Watching;

/// <summary>
/// One watch's scanning: it opens the watch's source (a local directory, an <c>s3://</c> prefix listed through
/// <c>objects</c>, or a beamtime catalog), and each <see cref="ScanAsync"/> records every file whose (size, stamp) is
/// not known to be enqueued already. The settle decision and the enqueue happen in the store, so all that is kept here
/// is a cache that saves store round trips; a new owner starts with an empty cache and re-observes every file once
/// (each answered "up to date"). A broken source (missing directory) is reported once per problem, not per scan.
/// </summary>
public sealed class WatchScanner : IDisposable
{
    public static readonly TimeSpan MaxRescanInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinRescanInterval = TimeSpan.FromMilliseconds(100);

    private readonly IWorkStore _store;
    private readonly ILogger _log;
    private readonly IWatchSource? _source;
    private readonly string? _problem;
    private readonly Dictionary<string, (long Size, string Stamp)> _enqueued = new(StringComparer.Ordinal);
    private string? _reported;
    private int _changed;

    public WatchScanner(WatchInfo watch, IWorkStore store, InputRoots roots, ILogger log, IObjectLister? objects = null,
        ICatalogRunLister? catalogs = null)
    {
        Watch = watch;
        _store = store;
        _log = log;
        RescanInterval = RescanIntervalOf(watch.SettleSeconds);
        try
        {
            _source = WatchSources.Open(watch, roots, objects, catalogs);
            _source.Changed += () => Interlocked.Exchange(ref _changed, 1);
            _log.LogInformation("Watching {Source} for {Pattern} (watch {Watch}, settle {Settle} s)", watch.Source, watch.Pattern, watch.Name, watch.SettleSeconds);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Kept as a broken watch: it is reported on every rescan instead of being retried on every tick.
            _problem = e.Message;
        }
    }

    public WatchInfo Watch { get; }

    /// <summary>How often the watch is rescanned without change events: settle/2, between 0.1 and 5 s.</summary>
    public TimeSpan RescanInterval { get; }

    public static TimeSpan RescanIntervalOf(int settleSeconds) =>
        TimeSpan.FromSeconds(Math.Clamp(settleSeconds / 2.0, MinRescanInterval.TotalSeconds, MaxRescanInterval.TotalSeconds));

    /// <summary>True once the source reported a change since the last scan.</summary>
    public bool Changed => Volatile.Read(ref _changed) == 1;

    /// <summary>One look at every file: how many file versions it enqueued, or null when the store no longer knows the watch (it was removed).</summary>
    public async Task<int?> ScanAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref _changed, 0);
        if (_source is null)
        {
            Report(_problem!);
            return 0;
        }
        IReadOnlyList<FileObservation> files;
        try
        {
            files = await _source.ScanAsync(ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(e.Message);
            return 0;
        }
        _reported = null;
        var present = new HashSet<string>(StringComparer.Ordinal);
        var enqueued = 0;
        foreach (var file in files)
        {
            present.Add(file.RelativePath);
            if (_enqueued.TryGetValue(file.RelativePath, out var known) && known.Size == file.Size && known.Stamp == file.Stamp) continue;
            var result = await _store.RecordObservationAsync(Watch.Name, file, ct);
            switch (result.Outcome)
            {
                case ObservationOutcome.Enqueued:
                    _log.LogInformation("Watch {Watch}: {Path} settled, enqueued as {Key} (version {Version})",
                        Watch.Name, file.RelativePath, result.ItemKey, result.Version);
                    _enqueued[file.RelativePath] = (file.Size, file.Stamp);
                    enqueued++;
                    break;
                case ObservationOutcome.UpToDate:
                    _enqueued[file.RelativePath] = (file.Size, file.Stamp);
                    break;
                case ObservationOutcome.NoSuchWatch:
                    return null;
            }
        }
        foreach (var path in _enqueued.Keys.Where(p => !present.Contains(p)).ToList())
            _enqueued.Remove(path);
        return enqueued;
    }

    /// <summary>Logs a problem once, not on every rescan, until it changes or goes away.</summary>
    private void Report(string problem)
    {
        if (problem == _reported) return;
        _reported = problem;
        _log.LogWarning("Watch {Watch}: {Problem}; retrying every {Interval}", Watch.Name, problem, RescanInterval);
    }

    public void Dispose() => _source?.Dispose();
}
