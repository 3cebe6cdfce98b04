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
/// Claims items in batches for its free slots, runs each item's processor, uploads the artifacts and completes the
/// item under its lease token. Heartbeats extend live leases; an item whose lease was lost is abandoned (its result
/// could only be refused). On shutdown it stops claiming, lets in-flight items finish within the drain timeout and
/// releases the rest.
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
    private readonly SemaphoreSlim _slotFreed = new(0);
    private readonly CompletionBatcher _completions;
    private readonly IInputFetcher? _inputs;
    private readonly IWorkerObserver? _observer;

    /// <param name="inputs">Downloads <c>s3://</c> item inputs into the item's scratch directory; without it such items fail.</param>
    /// <param name="observer">Told about every claim and item end (metrics).</param>
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
        _completions = new CompletionBatcher(store);
    }

    public string Id { get; }

    public int Busy => _inFlight.Count;

    /// <summary>Works until <paramref name="stop"/> is cancelled, then drains and releases; returns when all is handed back.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await _store.RegisterWorkerAsync(Id, Environment.MachineName, Environment.ProcessId, _options.Slots, CancellationToken.None);
        _log.LogInformation("Worker {Worker} started with {Slots} slots", Id, _options.Slots);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatLoopAsync(heartbeatStop.Token);
        try
        {
            await ClaimLoopAsync(stop);
        }
        finally
        {
            await DrainAsync();
            await _completions.DisposeAsync();
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await _store.RemoveWorkerAsync(Id, CancellationToken.None);
            _log.LogInformation("Worker {Worker} stopped", Id);
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var free = _options.Slots - _inFlight.Count;
            if (free <= 0)
            {
                await WaitQuietlyAsync(_slotFreed.WaitAsync(_options.PollInterval, stop));
                continue;
            }
            IReadOnlyList<ItemLease> leases;
            try
            {
                leases = await _store.ClaimAsync(Id, free, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            foreach (var lease in leases)
            {
                var item = new InFlight(lease);
                _inFlight[lease.Token] = item;
                _observer?.Claimed(lease);
                item.Task = Task.Run(() => ProcessAsync(item));
            }
            if (leases.Count == 0)
                await WaitQuietlyAsync(_store.WaitForWorkAsync(_options.PollInterval, stop));
        }
    }

    private async Task ProcessAsync(InFlight item)
    {
        var lease = item.Lease;
        var scratch = Path.Combine(_options.ScratchRoot, $"cluster-{Id}", lease.Token.ToString("N"));
        // Every log line about the item carries its run and key (JSON logs show them as fields).
        using var scope = _log.BeginScope(new Dictionary<string, object>
        {
            ["RunId"] = lease.RunId, ["Run"] = lease.RunName, ["Item"] = lease.Key, ["Attempt"] = lease.Attempt, ["Worker"] = Id,
        });
        var clock = Stopwatch.StartNew();
        var end = ItemEnd.Failed;
        long uploaded = 0;
        try
        {
            var spec = await SpecOfAsync(lease.RunId);
            var kind = _kinds.Get(spec.Kind);
            var output = Directory.CreateDirectory(Path.Combine(scratch, "out")).FullName;
            var threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, _options.Slots));
            var input = await InputStaging.StageAsync(_inputs, lease.Input, scratch, item.Cancellation.Token);
            var result = await kind.ProcessAsync(new WorkInput(lease.Key, input), spec.Parameters,
                new ProcessorContext(output, scratch, MaxThreads: threads), item.Cancellation.Token);

            var records = new List<ArtifactRecord>(result.Artifacts.Count);
            foreach (var artifact in result.Artifacts)
            {
                var key = ArtifactKeys.ForItem(lease.RunName, lease.Key, artifact.Name);
                records.Add(await _artifacts.PutFileAsync(key, artifact.Name, artifact.Path, artifact.MediaType, item.Cancellation.Token));
            }
            var outcome = result.Outcome == ItemOutcome.NoData ? ItemState.NoData : ItemState.Done;
            var note = string.Join("; ", result.Notes);
            var completed = await _completions.CompleteAsync(new ItemCompletion(lease.Token, outcome, records, note.Length > 0 ? note : null));
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
            end = ItemEnd.LeaseLost;
            if (!item.LeaseLost && await _store.ReleaseAsync(lease.Token, $"worker {Id} shut down before the item finished", CancellationToken.None))
                end = ItemEnd.Released;
        }
        catch (Exception e)
        {
            _log.LogError("Item {Run}/{Key} failed: {Error}", lease.RunName, lease.Key, e.Message);
            await _store.FailAsync(lease.Token, $"{e.Message}\n{e}", CancellationToken.None);
        }
        finally
        {
            _observer?.Finished(lease, end, clock.Elapsed, uploaded);
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            _inFlight.TryRemove(lease.Token, out _);
            item.Cancellation.Dispose();
            _slotFreed.Release();
        }
    }

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

    private async Task<JobSpec> SpecOfAsync(long runId)
    {
        if (_specs.TryGetValue(runId, out var cached)) return cached;
        var run = await _store.GetRunAsync(runId) ?? throw new InvalidOperationException($"run {runId} disappeared");
        var spec = JobSpecParser.Parse(run.SpecJson, _kinds);
        _specs[runId] = spec;
        return spec;
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        // Short ticks, so items claimed while it waits still get a heartbeat within a third of their lease.
        var tick = TimeSpan.FromMilliseconds(100);
        var lastBeat = DateTimeOffset.UtcNow;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, ct);
                if (DateTimeOffset.UtcNow - lastBeat < NextHeartbeatDelay()) continue;
                lastBeat = DateTimeOffset.UtcNow;
                var tokens = _inFlight.Keys.ToArray();
                var alive = await _store.HeartbeatAsync(Id, tokens, ct);
                foreach (var token in tokens)
                {
                    if (alive.Contains(token) || !_inFlight.TryGetValue(token, out var lost)) continue;
                    _log.LogWarning("Item {Run}/{Key}: lease lost (expired and rescued); abandoning it", lost.Lease.RunName, lost.Lease.Key);
                    lost.LeaseLost = true;
                    await lost.Cancellation.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A store outage must not kill the worker: leases may lapse, and the fencing keeps results safe.
                _log.LogError(e, "Heartbeat failed; retrying");
            }
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

    private async Task DrainAsync()
    {
        var running = _inFlight.Values.Select(i => i.Task!).Where(t => t is not null).ToArray();
        if (running.Length == 0) return;
        _log.LogInformation("Draining {Count} in-flight items (up to {Timeout})", running.Length, _options.DrainTimeout);
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(_options.DrainTimeout)) != all)
        {
            foreach (var item in _inFlight.Values)
                await item.Cancellation.CancelAsync();
        }
        await WaitQuietlyAsync(all);
    }

    /// <summary>Awaits a wait that ends by cancellation as a normal outcome.</summary>
    private static async Task WaitQuietlyAsync(Task wait)
    {
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
            // The stop token ended the wait: the caller's loop condition decides what happens next.
        }
    }

    private sealed class InFlight(ItemLease lease)
    {
        public ItemLease Lease { get; } = lease;
        public CancellationTokenSource Cancellation { get; } = new();
        public Task? Task { get; set; }
        public bool LeaseLost { get; set; }
    }
}
