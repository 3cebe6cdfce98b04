using System.Diagnostics;
using Cluster.Core.Work;
using Cluster.Grains.Runs;
using Cluster.Grains.Watches;
using Cluster.Grains.Workers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.Grains.Scheduling;

/// <summary>
/// The scheduler over the ledger. What it remembers (the workers and their load) is soft state that the workers
/// repeat every few seconds; the leases themselves are in the ledger, so a new activation after its silo died
/// starts empty and is whole again within one registration period. [Reentrant]: one dispatch pass runs at a time
/// (a single tracked task), and calls arriving meanwhile only ask for one more pass.
/// </summary>
[Reentrant]
public sealed class SchedulerGrain(
    IWorkStore store,
    IClusterMembershipService membership,
    WorkerGrainClient workers,
    ProgressWrites progress,
    IOptions<SchedulerGrainOptions> options,
    ILogger<SchedulerGrain> log) : Grain, ISchedulerGrain
{
    private readonly Dictionary<string, KnownWorker> _workers = new(StringComparer.Ordinal);
    private readonly HashSet<SiloAddress> _buried = [];
    // Monotonic timestamps (Stopwatch): a step of the orchestrator's wall clock must not silence every worker at once.
    private readonly Dictionary<SiloAddress, long> _orchestrators = [];
    private readonly SchedulerGrainOptions _options = options.Value;
    private Task _dispatch = Task.CompletedTask;
    private bool _dispatchAgain;
    private Task _backstops = Task.CompletedTask;
    private IGrainTimer? _tick;
    private CancellationTokenSource? _membershipStop;
    private Task _membershipWatch = Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        log.LogInformation("Scheduler active on silo {Silo}", RuntimeIdentity);
        _tick = this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero, Period = _options.TickInterval, Interleave = true, KeepAlive = true,
        });
        _membershipStop = new CancellationTokenSource();
        _membershipWatch = WatchMembershipAsync(_membershipStop.Token);
        _ = AskWorkersAsync();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A new activation (its silo died, or the grain directory lost its entry when a silo died) knows no worker yet: it
    /// asks every active silo's worker at once instead of waiting for their next registrations. Silos without the worker
    /// role have no worker grain service and fail the call; a silo that does not answer within the period is left to
    /// its own registration.
    /// </summary>
    private async Task AskWorkersAsync()
    {
        await Task.Yield();
        var asks = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(async m =>
            {
                try
                {
                    return await workers.ForSilo(m.SiloAddress).DescribeAsync().WaitAsync(TimeSpan.FromSeconds(2));
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return null;
                }
            })
            .ToList();
        foreach (var registration in await Task.WhenAll(asks))
        {
            if (registration is null || _workers.ContainsKey(registration.WorkerId)) continue;
            _workers[registration.WorkerId] = new KnownWorker(registration) { Busy = registration.Busy, SeenAt = Stopwatch.GetTimestamp() };
        }
        Dispatch();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _tick?.Dispose();
        if (_membershipStop is not null) await _membershipStop.CancelAsync();
        await _membershipWatch;
        log.LogInformation("Scheduler leaving silo {Silo}: {Reason}", RuntimeIdentity, reason);
    }

    Task ISchedulerGrain.RegisterWorkerAsync(WorkerRegistration registration)
    {
        var known = _workers.TryGetValue(registration.WorkerId, out var worker);
        if (!known)
            log.LogInformation("Worker {Worker} on {Host} joined the scheduler: {Slots} slots, capacity {Capacity}",
                registration.WorkerId, registration.Host, registration.Slots, registration.Capacity);
        // The worker's own count wins over the scheduler's bookkeeping: it corrects any drift every period.
        _workers[registration.WorkerId] = new KnownWorker(registration) { Busy = registration.Busy, SeenAt = Stopwatch.GetTimestamp() };
        Dispatch();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.WorkerFreedAsync(string workerId, int count, int capacity)
    {
        if (_workers.TryGetValue(workerId, out var worker))
        {
            worker.Busy = Math.Max(0, worker.Busy - count);
            worker.Registration = worker.Registration with { Capacity = capacity };
        }
        Dispatch();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.WakeAsync()
    {
        Dispatch();
        return Task.CompletedTask;
    }

    Task ISchedulerGrain.OrchestratorAliveAsync(SiloAddress silo)
    {
        _orchestrators[silo] = Stopwatch.GetTimestamp();
        Dispatch();
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<SiloAddress>> ISchedulerGrain.OrchestratorsAsync()
    {
        return Task.FromResult<IReadOnlyList<SiloAddress>>(
            _orchestrators.Where(o => Stopwatch.GetElapsedTime(o.Value) < _options.WorkerSilence).Select(o => o.Key).ToList());
    }

    Task<IReadOnlyList<WorkerRegistration>> ISchedulerGrain.WorkersAsync() =>
        Task.FromResult<IReadOnlyList<WorkerRegistration>>(_workers.Values.Select(w => w.Registration with { Busy = w.Busy }).ToList());

    private void Dispatch()
    {
        _dispatchAgain = true;
        if (_dispatch.IsCompleted) _dispatch = DispatchAsync();
    }

    /// <summary>
    /// Claims for each worker as many items as it has room for, most room first, and hands them over; repeats while a
    /// claim filled a worker's room (more may be pending) or another call asked for a pass.
    /// </summary>
    private async Task DispatchAsync()
    {
        await Task.Yield();
        while (_dispatchAgain)
        {
            _dispatchAgain = false;
            try
            {
                foreach (var worker in _workers.Values.OrderByDescending(w => w.Free).ToList())
                {
                    var free = worker.Free;
                    if (free <= 0) continue;
                    var leases = await store.ClaimAsync(worker.Registration.WorkerId, free);
                    if (leases.Count == 0) break;
                    worker.Busy += leases.Count;
                    await HandOverAsync(worker, leases);
                    if (leases.Count == free) _dispatchAgain = true;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A store outage: the next wake-up or tick dispatches again; claimed leases are fenced and expire.
                log.LogWarning("Dispatch failed; retrying on the next tick: {Error}", e.Message);
            }
        }
    }

    /// <summary>
    /// How long a hand-over may take. A call to a silo that was just killed can wait for the response timeout (30 s),
    /// and the dispatch pass waits for its hand-overs: everyone's items would wait with it.
    /// </summary>
    private static readonly TimeSpan HandOverTimeout = TimeSpan.FromSeconds(3);

    private async Task HandOverAsync(KnownWorker worker, IReadOnlyList<ItemLease> leases)
    {
        bool accepted;
        try
        {
            accepted = await workers.ForSilo(worker.Registration.Silo).AcceptAsync(leases.Select(LeaseMessage.From).ToList())
                .WaitAsync(HandOverTimeout);
        }
        catch (TimeoutException)
        {
            // It may have taken them: the leases stay its own, fenced, until it completes them or the membership (or
            // their expiry) takes them back. No more work goes to it until it registers again.
            log.LogWarning("Worker {Worker} did not answer a hand-over of {Count} items within {Timeout}; its leases stay until it answers or is declared dead",
                worker.Registration.WorkerId, leases.Count, HandOverTimeout);
            _workers.Remove(worker.Registration.WorkerId);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning("Worker {Worker} did not take {Count} items ({Error}); releasing them", worker.Registration.WorkerId, leases.Count, e.Message);
            accepted = false;
        }
        if (accepted) return;
        // A worker that refuses is stopping (or gone): forget it until it registers again, and give the items back.
        _workers.Remove(worker.Registration.WorkerId);
        foreach (var lease in leases)
            await store.ReleaseAsync(lease.Token, $"worker {worker.Registration.WorkerId} did not take the item");
        _dispatchAgain = true;
    }

    private Task Tick()
    {
        if (_backstops.IsCompleted) _backstops = BackstopsAsync();
        Dispatch();
        return Task.CompletedTask;
    }

    /// <summary>What the ledger needs done even when no event says so.</summary>
    private async Task BackstopsAsync()
    {
        // Out of the timer's turn before calling other grains (see RunGrain: synchronous store calls and cross-calls).
        await Task.Yield();
        try
        {
            foreach (var silent in _workers.Values.Where(w => Stopwatch.GetElapsedTime(w.SeenAt) > _options.WorkerSilence).ToList())
            {
                log.LogWarning("Worker {Worker} has not reported for {Silence}; no more work goes to it", silent.Registration.WorkerId,
                    Stopwatch.GetElapsedTime(silent.SeenAt));
                _workers.Remove(silent.Registration.WorkerId);
            }
            await TakeBackFromDeadWorkersAsync();
            var rescued = await store.RescueExpiredAsync(_options.RescueBackoff);
            if (rescued.Requeued + rescued.Failed > 0)
                log.LogWarning("Rescued expired leases: {Requeued} requeued, {Failed} failed after max attempts", rescued.Requeued, rescued.Failed);
            foreach (var run in await store.RunsAwaitingExpansionAsync())
                GrainFactory.GetGrain<IRunGrain>(run.Name).ExpandAsync().Ignore();
            foreach (var run in await store.FinalizeRunsAsync())
            {
                log.LogInformation("Run {Run} ended {State}", run.Name, run.State.Text());
                progress.Start(run);
            }
            foreach (var watch in await store.ListWatchesAsync())
                GrainFactory.GetGrain<IWatchGrain>(watch.Name).EnsureWatchingAsync().Ignore();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning("Scheduler backstops failed; retrying on the next tick: {Error}", e.Message);
        }
    }

    /// <summary>
    /// Leases whose owner the membership calls dead, or does not know and that never registered here (a silo from
    /// before a restart), are ended now instead of at their expiry; the fencing refuses any late completion.
    /// </summary>
    private async Task TakeBackFromDeadWorkersAsync()
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var owner in await store.LeaseOwnersAsync())
        {
            if (_workers.ContainsKey(owner)) continue;
            var status = TryParseSilo(owner) is { } silo && snapshot.Members.TryGetValue(silo, out var member) ? member.Status : SiloStatus.None;
            if (status is SiloStatus.Active or SiloStatus.Joining or SiloStatus.Created or SiloStatus.ShuttingDown or SiloStatus.Stopping) continue;
            await TakeBackAsync(owner, status == SiloStatus.Dead ? "declared dead" : "no longer in the cluster");
        }
    }

    private async Task TakeBackAsync(string workerId, string why)
    {
        var rescued = await store.RescueLeasesOfAsync(workerId, _options.DeadWorkerBackoff);
        if (rescued.Requeued + rescued.Failed == 0) return;
        log.LogWarning("Worker {Worker} {Why}: its leases ended now ({Requeued} requeued, {Failed} failed after max attempts)",
            workerId, why, rescued.Requeued, rescued.Failed);
        Dispatch();
    }

    /// <summary>Membership changes, current one first: a worker silo declared dead loses its leases at once.</summary>
    private async Task WatchMembershipAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(ct))
            {
                foreach (var (silo, member) in snapshot.Members)
                {
                    if (member.Status != SiloStatus.Dead || !_buried.Add(silo)) continue;
                    var id = silo.ToParsableString();
                    if (_workers.Remove(id)) log.LogWarning("Worker silo {Worker} declared dead by the membership", id);
                    await TakeBackAsync(id, "declared dead");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Deactivating: the next activation subscribes again.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The tick's ledger check still takes back dead workers' leases, only a second later.
            log.LogWarning("Membership watch ended: {Error}; dead workers are found by the periodic check", e.Message);
        }
    }

    private static SiloAddress? TryParseSilo(string id)
    {
        // Lease owners are silo addresses ("127.0.0.1:11111@12345"); anything else is from before the cluster ran on silos.
        if (!id.Contains('@') || !id.Contains(':')) return null;
        try
        {
            return SiloAddress.FromParsableString(id);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private sealed class KnownWorker(WorkerRegistration registration)
    {
        public WorkerRegistration Registration { get; set; } = registration;
        public int Busy { get; set; }
        /// <summary>When it last reported, a <see cref="Stopwatch"/> timestamp.</summary>
        public long SeenAt { get; set; }
        public int Free => Registration.Capacity - Busy;
    }
}
