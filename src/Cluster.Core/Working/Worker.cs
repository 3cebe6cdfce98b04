using System.Collections.Concurrent;
using System.Diagnostics;
using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Processing;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Core.Working;

/// <summary>
/// Runs the items it is handed (<see cref="Accept"/>): each waits for one of the slots, runs its processor, uploads the
/// artifacts and completes under its lease token; completions go to the store in natural batches. Heartbeats extend
/// the leases of every accepted item; an item whose lease was lost is abandoned (its result could only be refused).
/// It never claims: the scheduler claims for it. On <see cref="StopAsync"/> it refuses new items, lets running ones
/// finish within the drain timeout and releases the rest.
/// </summary>
public sealed class Worker
{
    private readonly IWorkStore _store;
    private readonly IArtifactStore _artifacts;
    private readonly JobKindCatalog _kinds;
    private readonly WorkerOptions _options;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<Guid, InFlight> _inFlight = new();
    private readonly ConcurrentDictionary<long, JobSpec> _specs = new();
    private readonly ConcurrentDictionary<long, Lazy<Task<JobSpec>>> _specReads = new();
    private readonly WorkerSlots _slots;
    private readonly CompletionBatcher _completions;
    private readonly ScratchDirectories _scratch;
    private readonly IInputFetcher? _inputs;
    private readonly IWorkerObserver? _observer;
    private readonly CancellationTokenSource _heartbeatStop = new();
    private Task _heartbeat = Task.CompletedTask;
    private volatile bool _stopping;

    /// <param name="inputs">Downloads <c>s3://</c> item inputs into the item's scratch directory; without it such items fail.</param>
    /// <param name="observer">Told about every accepted item and every item end (metrics, the scheduler's slot count).</param>
    public Worker(IWorkStore store, IArtifactStore artifacts, JobKindCatalog kinds, WorkerOptions options, ILogger<Worker>? logger = null,
        IInputFetcher? inputs = null, IWorkerObserver? observer = null)
    {
        _inputs = inputs;
        _observer = observer;
        _store = store;
        _artifacts = artifacts;
        _kinds = kinds;
        _options = options;
        _log = logger ?? NullLogger<Worker>.Instance;
        Id = options.Id ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        _slots = new WorkerSlots(options.Slots);
        _completions = new CompletionBatcher(store);
        _scratch = new ScratchDirectories(Path.Combine(options.ScratchRoot, $"cluster-{SafeName(Id)}"));
    }

    public string Id { get; }

    public int Slots => _options.Slots;

    /// <summary>Items accepted and not ended yet (running or waiting for a slot).</summary>
    public int Busy => _inFlight.Count;

    /// <summary>How many items it holds at most: its slots plus a queue, so a slot never waits for the next batch.</summary>
    public int Capacity => _options.Slots + QueueLength;

    private const int MaxQueue = 4096;

    /// <summary>As many items as the slots process in <see cref="WorkerOptions.QueueSeconds"/> at the recent pace, at least the configured queue.</summary>
    private int QueueLength
    {
        get
        {
            var mean = Volatile.Read(ref _meanProcessingTicks);
            if (mean <= 0) return _options.Queue;
            var items = _options.Slots * _options.QueueSeconds.Ticks / mean;
            return (int)Math.Clamp(items, Math.Min(_options.Queue, MaxQueue), MaxQueue);
        }
    }

    /// <summary>An exponential average of the time items hold a slot (0: none processed since the worker was last idle).</summary>
    private long _meanProcessingTicks;

    private void RecordProcessing(long ticks)
    {
        var mean = Volatile.Read(ref _meanProcessingTicks);
        // Racing updates may drop one sample: the average only steers the queue's length.
        Volatile.Write(ref _meanProcessingTicks, mean == 0 ? Math.Max(1, ticks) : Math.Max(1, mean - mean / 8 + ticks / 8));
    }

    /// <summary>Records the worker in the store and starts the heartbeats.</summary>
    public async Task StartAsync()
    {
        await _store.RegisterWorkerAsync(Id, Environment.MachineName, Environment.ProcessId, _options.Slots, CancellationToken.None);
        _heartbeat = HeartbeatLoopAsync(_heartbeatStop.Token);
        _log.LogInformation("Worker {Worker} started with {Slots} slots", Id, _options.Slots);
    }

    /// <summary>
    /// Takes the leases over; returns at once. False when the worker is stopping: the caller still owns the leases and
    /// must release them.
    /// </summary>
    public bool Accept(IReadOnlyList<ItemLease> leases)
    {
        if (_stopping) return false;
        foreach (var lease in leases)
        {
            var item = new InFlight(lease);
            _inFlight[lease.Token] = item;
            _observer?.Claimed(lease);
            item.Task = Task.Run(() => ProcessAsync(item));
        }
        return true;
    }

    private async Task ProcessAsync(InFlight item)
    {
        var lease = item.Lease;
        var clock = Stopwatch.StartNew();
        var end = ItemEnd.Failed;
        long uploaded = 0;
        var slotsTaken = 0;
        string? scratch = null;
        // Every log line about the item carries its run and key (JSON logs show them as fields).
        using var scope = _log.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = lease.RunId, ["Run"] = lease.RunName, ["Item"] = lease.Key, ["Attempt"] = lease.Attempt, ["Worker"] = Id,
        });
        try
        {
            // Every slot for an item whose worker died holding it before: run alone, a poison item that kills this worker
            // too takes no other started item with it (only its attempt is spent; the queued items get theirs back).
            slotsTaken = await _slots.TakeAsync(lease.PreviousHolderDied, item.Cancellation.Token);
            var processing = Stopwatch.GetTimestamp();
            // A queued item that gets its slot during a drain is handed back, not started.
            if (_stopping) await item.Cancellation.CancelAsync();
            item.Cancellation.Token.ThrowIfCancellationRequested();
            item.Started = true;
            var spec = await SpecOfAsync(item);
            // A worker died holding this item before: if this one dies too, the ledger must know the item was running.
            if (lease.PreviousHolderDied && !await InfrastructureRetry.RunAsync(ct => _store.StartAsync(lease.Token, ct),
                    Waiting(lease, "recording the item's start"), item.Cancellation.Token))
            {
                item.LeaseLost = true;
                await item.Cancellation.CancelAsync();
                item.Cancellation.Token.ThrowIfCancellationRequested();
            }
            var kind = _kinds.Get(spec.Kind);
            scratch = _scratch.Take();
            var output = Path.Combine(scratch, "out");
            var threads = Math.Max(1, Environment.ProcessorCount * slotsTaken / Math.Max(1, _options.Slots));
            // An object store that is away is waited for; an object that does not exist, or no access configured, is the item's error.
            var input = await InfrastructureRetry.RunAsync(ct => InputStaging.StageAsync(_inputs, lease.Input, scratch, ct),
                Waiting(lease, "fetching the input"), item.Cancellation.Token,
                itemFault: e => e is FileNotFoundException or ArgumentException or InvalidOperationException or UnauthorizedAccessException);
            var result = await kind.ProcessAsync(new WorkInput(lease.Key, input), spec.Parameters,
                new ProcessorContext(output, scratch, MaxThreads: threads), item.Cancellation.Token);

            var records = new List<ArtifactRecord>(result.Artifacts.Count);
            foreach (var artifact in result.Artifacts)
            {
                // The processor's own fault, not the store's: it is not retried.
                if (!File.Exists(artifact.Path))
                    throw new FileNotFoundException($"the {spec.Kind} processor named artifact '{artifact.Name}' but did not write it", artifact.Path);
                var key = ArtifactKeys.ForItem(lease.RunName, lease.Key, artifact.Name);
                records.Add(await InfrastructureRetry.RunAsync(ct => _artifacts.PutFileAsync(key, artifact.Name, artifact.Path, artifact.MediaType, ct),
                    Waiting(lease, $"storing artifact {artifact.Name}"), item.Cancellation.Token));
            }
            var outcome = result.Outcome == ItemOutcome.NoData ? ItemState.NoData : ItemState.Done;
            var note = string.Join("; ", result.Notes);
            // From here the heartbeat leaves the item alone: a token missing from its answer means "completed", not "lost".
            item.Ending = true;
            // The slot is for processing: the next item starts while this one's acknowledgement waits for its batch.
            // Holding it until the store answered kept each batch at most `Slots` items (one round trip per slot).
            _slots.Release(slotsTaken);
            slotsTaken = 0;
            RecordProcessing((long)Stopwatch.GetElapsedTime(processing).Ticks);
            var completion = new ItemCompletion(lease.Token, outcome, records, note.Length > 0 ? note : null);
            var completed = await InfrastructureRetry.RunAsync(_ => _completions.CompleteAsync(completion),
                Waiting(lease, "recording the item's end in the ledger"), item.Cancellation.Token);
            end = !completed ? ItemEnd.LeaseLost : outcome == ItemState.NoData ? ItemEnd.NoData : ItemEnd.Done;
            if (completed) uploaded = records.Sum(r => r.Size);
            if (!completed)
                _log.LogWarning("Item {Run}/{Key}: lease lost before completion; the newer attempt's result stands", lease.RunName, lease.Key);
            else if (spec.Publish is not null && outcome == ItemState.Done)
                await PublishAsync(spec.Publish, lease, result.Artifacts);
        }
        catch (OperationCanceledException) when (item.Cancellation.IsCancellationRequested)
        {
            // Lease lost or drain timeout: the item is released or already someone else's.
            item.Ending = true;
            end = ItemEnd.LeaseLost;
            if (!item.LeaseLost && await LastWordAsync(lease, "releasing the item",
                    ct => _store.ReleaseAsync(lease.Token, $"worker {Id} shut down before the item finished", ct)))
                end = ItemEnd.Released;
        }
        catch (Exception e)
        {
            // Only the item's own failures come here (its input, its spec, its processor): the infrastructure's are retried.
            item.Ending = true;
            _log.LogError("Item {Run}/{Key} failed: {Error}", lease.RunName, lease.Key, e.Message);
            await LastWordAsync(lease, "recording the item's failure", ct => _store.FailAsync(lease.Token, $"{e.Message}\n{e}", ct));
        }
        finally
        {
            _slots.Release(slotsTaken);
            if (scratch is not null) ReturnScratch(scratch);
            _inFlight.TryRemove(lease.Token, out _);
            // Idle: the pace measured so far says nothing of the next run's items (a run of no-op items followed by one of
            // 2 s items had the worker take a queue of thousands of the slow ones, which then waited behind each other).
            if (_inFlight.IsEmpty) Volatile.Write(ref _meanProcessingTicks, 0);
            _observer?.Finished(lease, end, clock.Elapsed, uploaded);
        }
    }

    private void ReturnScratch(string scratch)
    {
        try
        {
            _scratch.Return(scratch);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The item has ended either way; a folder that cannot be emptied is simply not used again.
            _log.LogWarning("Scratch folder {Folder} could not be emptied, not reused: {Error}", scratch, e.Message);
        }
    }

    /// <summary>Silo addresses carry ':' and '@', which are fine in paths but confusing in listings.</summary>
    private static string SafeName(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_'));

    /// <summary>A failed publish does not undo the item (its artifacts are stored): it is logged, and noted in the item's log.</summary>
    private async Task PublishAsync(PublishSpec publish, ItemLease lease, IReadOnlyList<ArtifactFile> artifacts)
    {
        try
        {
            var published = QuickLookPublisher.Publish(publish, lease.RunName, new WorkInput(lease.Key, lease.Input), artifacts);
            if (published is not null)
                _log.LogInformation("Item {Run}/{Key}: quick-look published to {Path}", lease.RunName, lease.Key, published);
        }
        catch (IOException e)
        {
            _log.LogWarning("Item {Run}/{Key}: {Error}", lease.RunName, lease.Key, e.Message);
            await _store.AppendLogAsync(lease.RunId, lease.Key, lease.Attempt, "warning", e.Message, Id, CancellationToken.None);
        }
    }

    /// <summary>
    /// The run's spec, read and parsed once per run: the first batch of a new run arrives all at once, and a spec can
    /// list thousands of items (parsing it for each item was a visible share of a worker's CPU).
    /// </summary>
    private async Task<JobSpec> SpecOfAsync(InFlight item)
    {
        var runId = item.Lease.RunId;
        if (_specs.TryGetValue(runId, out var cached)) return cached;
        var reading = _specReads.GetOrAdd(runId, _ => new Lazy<Task<JobSpec>>(() => ReadSpecAsync(item)));
        try
        {
            var spec = await reading.Value.WaitAsync(item.Cancellation.Token);
            _specs[runId] = spec;
            if (_specs.Count > CachedSpecsKept) ForgetSpecsOfIdleRuns();
            return spec;
        }
        finally
        {
            // A failed or cancelled read is tried again by the next item; a finished one is in _specs.
            if (reading.Value.IsCompleted) _specReads.TryRemove(new KeyValuePair<long, Lazy<Task<JobSpec>>>(runId, reading));
        }
    }

    /// <summary>A worker that lives for months sees thousands of runs: it keeps the specs of a few, not of all.</summary>
    private const int CachedSpecsKept = 32;

    private void ForgetSpecsOfIdleRuns()
    {
        var busy = _inFlight.Values.Select(x => x.Lease.RunId).ToHashSet();
        foreach (var runId in _specs.Keys)
        {
            if (!busy.Contains(runId)) _specs.TryRemove(runId, out _);
        }
    }

    private async Task<JobSpec> ReadSpecAsync(InFlight item)
    {
        var runId = item.Lease.RunId;
        // Shared by the run's items: not cancelled with the first one's lease, only when the worker stops.
        var run = await InfrastructureRetry.RunAsync(ct => _store.GetRunAsync(runId, ct), Waiting(item.Lease, "reading the run's spec"),
            _heartbeatStop.Token) ?? throw new InvalidOperationException($"run {runId} disappeared");
        return JobSpecParser.Parse(run.SpecJson, _kinds);
    }

    /// <summary>
    /// Logs a step that waits for the infrastructure: its first failure, then every tenth. The first also goes to the
    /// item's own log, so that `cluster log` and the dashboard say why the item is not moving (a full artifact disk, an
    /// object store that is away).
    /// </summary>
    private Action<Exception, int> Waiting(ItemLease lease, string step) => (e, tries) =>
    {
        if (tries != 1 && tries % 10 != 0) return;
        _log.LogWarning("Item {Run}/{Key}: {Step} failed ({Tries} tries), retrying without spending the attempt: {Error}",
            lease.RunName, lease.Key, step, tries, e.Message);
        if (tries == 1) _ = NoteWaitingAsync(lease, $"{step} failed, retrying without spending the attempt: {e.Message}");
    };

    private async Task NoteWaitingAsync(ItemLease lease, string message)
    {
        try
        {
            await _store.AppendLogAsync(lease.RunId, lease.Key, lease.Attempt, "warning", message, Id, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The ledger may be the dependency that is away: the process log above has the line.
            _log.LogWarning("Item {Run}/{Key}: the waiting note could not be logged to the ledger: {Error}", lease.RunName, lease.Key, e.Message);
        }
    }

    /// <summary>
    /// The ledger's last word on an item this worker gives up (failed, released): retried for a while; if the ledger
    /// stays away, the lease is left to expire and the scheduler's rescue takes the item back.
    /// </summary>
    private async Task<bool> LastWordAsync(ItemLease lease, string step, Func<CancellationToken, Task<bool>> write)
    {
        using var patience = new CancellationTokenSource(LastWordPatience);
        try
        {
            return await InfrastructureRetry.RunAsync(write, Waiting(lease, step), patience.Token);
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            _log.LogError("Item {Run}/{Key}: {Step} failed for {Patience}; its lease is left to expire", lease.RunName, lease.Key, step, LastWordPatience);
            return false;
        }
    }

    private static readonly TimeSpan LastWordPatience = TimeSpan.FromSeconds(30);

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        // Short ticks, so items accepted while it waits still get a heartbeat within a third of their lease.
        var tick = TimeSpan.FromMilliseconds(100);
        // The monotonic clock: a step of the wall clock (NTP, a VM resumed) must neither stop the heartbeats (a step back
        // would hold them until the clock caught up, and the leases would lapse) nor rush them.
        var lastBeat = Stopwatch.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, ct);
                if (Stopwatch.GetElapsedTime(lastBeat) < NextHeartbeatDelay()) continue;
                lastBeat = Stopwatch.GetTimestamp();
                await BeatAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store outage must not kill the worker: leases may lapse, and the fencing keeps results safe.
                _log.LogError("Heartbeat of worker {Worker} failed; retrying: {Error}", Id, e.Message);
            }
        }
    }

    /// <summary>
    /// One heartbeat. A token missing from the store's answer is lost only if the item had not started to end when the
    /// heartbeat was sent: an item completing meanwhile is simply gone from the leased rows.
    /// </summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        var sent = _inFlight.Values.Where(i => !i.Ending).ToArray();
        var alive = await _store.HeartbeatAsync(Id, sent.Select(i => i.Lease.Token).ToArray(), ct);
        foreach (var item in sent)
        {
            if (alive.Contains(item.Lease.Token) || item.Ending) continue;
            _log.LogWarning("Item {Run}/{Key}: lease lost (expired and rescued); abandoning it", item.Lease.RunName, item.Lease.Key);
            item.LeaseLost = true;
            item.Cancellation.Cancel();
        }
    }

    /// <summary>The configured interval, shortened to a third of the shortest lease in flight.</summary>
    private TimeSpan NextHeartbeatDelay()
    {
        var delay = _options.HeartbeatInterval;
        foreach (var item in _inFlight.Values)
        {
            if (_specs.TryGetValue(item.Lease.RunId, out var spec))
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks, TimeSpan.FromSeconds(spec.LeaseSeconds / 3.0).Ticks));
        }
        return delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay;
    }

    /// <summary>Refuses new items, drains the running ones (up to the drain timeout), releases the rest and deregisters.</summary>
    public async Task StopAsync()
    {
        _stopping = true;
        // Items still waiting for a slot go back at once; the drain timeout is for items already running.
        foreach (var waiting in _inFlight.Values.Where(i => !i.Started))
            await waiting.Cancellation.CancelAsync();
        var running = _inFlight.Values.Select(i => i.Task!).Where(t => t is not null).ToArray();
        if (running.Length > 0)
        {
            _log.LogInformation("Draining {Count} in-flight items (up to {Timeout})", running.Length, _options.DrainTimeout);
            var all = Task.WhenAll(running);
            if (await Task.WhenAny(all, Task.Delay(_options.DrainTimeout)) != all)
            {
                foreach (var item in _inFlight.Values)
                    await item.Cancellation.CancelAsync();
            }
            await all;
        }
        await _completions.DisposeAsync();
        await _heartbeatStop.CancelAsync();
        await _heartbeat;
        await _store.RemoveWorkerAsync(Id, CancellationToken.None);
        _scratch.RemoveAll();
        _log.LogInformation("Worker {Worker} stopped", Id);
    }

    private sealed class InFlight(ItemLease lease)
    {
        public ItemLease Lease { get; } = lease;

        // Never disposed: the heartbeat may cancel it while the item ends, and a CancellationTokenSource without timers
        // holds nothing that needs disposing.
        public CancellationTokenSource Cancellation { get; } = new();
        public Task? Task { get; set; }
        public volatile bool LeaseLost;
        public volatile bool Ending;
        public volatile bool Started;
    }
}
