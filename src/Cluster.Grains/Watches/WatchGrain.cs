using Cluster.Core.Inputs;
using Cluster.Core.Watching;
using Cluster.Core.Work;
using Cluster.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Watches;

/// <summary>
/// A watch's scan loop on a grain timer: every 100 ms it scans when the source reported a change or the rescan interval
/// has passed. Kept alive by the timer while the watch exists; the scheduler's tick reactivates it on another
/// orchestrator silo within a second of its silo being declared dead.
/// </summary>
public sealed class WatchGrain(IWorkStore store, InputRoots roots, IServiceProvider services, ILogger<WatchGrain> log) : Grain, IWatchGrain
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private WatchScanner? _scanner;
    private IGrainTimer? _timer;
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;

    private string Name => this.GetPrimaryKeyString();

    async Task<string?> IWatchGrain.AddAsync(WatchDefinitionMessage d)
    {
        try
        {
            await store.AddWatchAsync(new WatchDefinition(Name, d.Source, d.Pattern, d.SettleSeconds, d.Kind, d.SpecJson,
                d.Priority, d.MaxAttempts, d.LeaseSeconds, d.Sample));
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        await StartAsync();
        return null;
    }

    async Task<bool> IWatchGrain.RemoveAsync()
    {
        Stop();
        var removed = await store.RemoveWatchAsync(Name);
        DeactivateOnIdle();
        return removed;
    }

    Task IWatchGrain.EnsureWatchingAsync() => _scanner is null ? StartAsync() : Task.CompletedTask;

    private async Task StartAsync()
    {
        var watch = (await store.ListWatchesAsync()).FirstOrDefault(w => w.Name == Name);
        if (watch is null)
        {
            DeactivateOnIdle();
            return;
        }
        _scanner = new WatchScanner(watch, store, roots, log, services.GetService<IObjectLister>(), services.GetService<ICatalogRunLister>());
        _timer = this.RegisterGrainTimer(ScanAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Poll, Interleave = false, KeepAlive = true });
    }

    private async Task ScanAsync(CancellationToken ct)
    {
        if (_scanner is null) return;
        var now = DateTimeOffset.UtcNow;
        if (!_scanner.Changed && now - _lastScan < _scanner.RescanInterval) return;
        _lastScan = now;
        try
        {
            var enqueued = await _scanner.ScanAsync(ct);
            if (enqueued is null)
            {
                // Removed through another silo: stop here too.
                Stop();
                DeactivateOnIdle();
                return;
            }
            if (enqueued > 0)
            {
                // Out of the timer's turn before calling another grain (see RunGrain).
                await Task.Yield();
                GrainFactory.GetGrain<ISchedulerGrain>(0).WakeAsync().Ignore();
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException && e is not OperationCanceledException)
        {
            // A store outage: the next scan tries again; the settle state is in the ledger.
            log.LogWarning("Watch {Watch}: scan failed, retrying: {Error}", Name, e.Message);
        }
    }

    private void Stop()
    {
        _timer?.Dispose();
        _timer = null;
        _scanner?.Dispose();
        _scanner = null;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }
}
