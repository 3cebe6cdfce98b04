using System.Threading.Channels;
using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Kinds;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Runs;
using Cluster.Grains.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Workers;

/// <summary>
/// Runs a <see cref="Worker"/> (the slots, processors, uploads and batched completions) for its silo. Its identity in
/// the ledger is the silo address: a restarted process is a new silo, so the leases of the dead one can be told
/// apart and taken back. It repeats its registration with the scheduler every <see cref="RegistrationPeriod"/> (the
/// scheduler's knowledge of workers is soft state) and reports ended items in batches: one message to the scheduler
/// (capacity freed) and one per run (finalise) for all that ended since the last report.
/// </summary>
public sealed class WorkerGrain : GrainService, IWorkerGrain
{
    public static readonly TimeSpan RegistrationPeriod = TimeSpan.FromSeconds(2);

    private readonly IGrainFactory _grains;
    private readonly ILogger<WorkerGrain> _log;
    private readonly Worker _worker;
    private readonly Channel<ItemLease> _ended = Channel.CreateUnbounded<ItemLease>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SiloAddress _silo;
    private Task _registration = Task.CompletedTask;
    private Task _reports = Task.CompletedTask;

    public WorkerGrain(GrainId grainId, Silo silo, ILoggerFactory loggers, IServiceProvider services, ILocalSiloDetails local)
        : base(grainId, silo, loggers)
    {
        _grains = services.GetRequiredService<IGrainFactory>();
        _log = loggers.CreateLogger<WorkerGrain>();
        _silo = local.SiloAddress;
        var options = services.GetRequiredService<WorkerOptions>();
        options.Id = _silo.ToParsableString();
        _worker = new Worker(services.GetRequiredService<IWorkStore>(), services.GetRequiredService<IArtifactStore>(),
            services.GetRequiredService<JobKindCatalog>(), options, loggers.CreateLogger<Worker>(), services.GetService<IInputFetcher>(),
            new EndReporter(_ended.Writer, services.GetService<IWorkerObserver>()));
    }

    public override async Task Start()
    {
        await _worker.StartAsync();
        // Not awaited: the silo is not active yet while grain services start, so the first registrations may fail.
        _registration = RegisterLoopAsync(_stop.Token);
        _reports = ReportLoopAsync();
        await base.Start();
    }

    public override async Task Stop()
    {
        // Graceful stop (SIGTERM): no more items, drain, release; the scheduler hears it from the membership.
        await _stop.CancelAsync();
        await _registration;
        await _worker.StopAsync();
        _ended.Writer.TryComplete();
        await _reports;
        await base.Stop();
    }

    Task<bool> IWorkerGrain.AcceptAsync(IReadOnlyList<LeaseMessage> leases) =>
        Task.FromResult(_worker.Accept(leases.Select(l => l.ToLease()).ToList()));

    Task<WorkerRegistration> IWorkerGrain.DescribeAsync() => Task.FromResult(Registration());

    private WorkerRegistration Registration() =>
        new(_silo, _worker.Id, Environment.MachineName, _worker.Slots, _worker.Capacity, _worker.Busy);

    private ISchedulerGrain SchedulerGrain => _grains.GetGrain<ISchedulerGrain>(0);

    private async Task RegisterLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Bounded: a call routed through a silo that was just killed can hang until the response timeout (30 s),
                // and the next period's registration must not wait for it.
                await SchedulerGrain.RegisterWorkerAsync(Registration()).WaitAsync(RegistrationPeriod, ct);
                if (failures > 0) _log.LogInformation("Worker {Worker} registered with the scheduler after {Failures} failed tries", _worker.Id, failures);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !ct.IsCancellationRequested)
            {
                // No orchestrator yet, or the scheduler is moving to another silo: try again next period.
                if (++failures is 1 or 10 or 100)
                    _log.LogWarning("Worker {Worker} cannot reach the scheduler ({Failures} tries): {Error}", _worker.Id, failures, e.Message);
            }
            try
            {
                await Task.Delay(RegistrationPeriod, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Batches of ended items, as they come: whatever ended while the previous report was on its way goes in the next.</summary>
    private async Task ReportLoopAsync()
    {
        var batch = new List<ItemLease>();
        while (await _ended.Reader.WaitToReadAsync())
        {
            while (batch.Count < 4096 && _ended.Reader.TryRead(out var lease)) batch.Add(lease);
            try
            {
                await SchedulerGrain.WorkerFreedAsync(_worker.Id, batch.Count, _worker.Capacity);
                foreach (var run in batch.Select(l => l.RunName).Distinct())
                    await _grains.GetGrain<IRunGrain>(run).ItemsEndedAsync();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The next registration corrects the scheduler's count; the scheduler's periodic pass finalises runs.
                _log.LogWarning("Worker {Worker}: reporting {Count} ended items failed: {Error}", _worker.Id, batch.Count, e.Message);
            }
            batch.Clear();
        }
    }

    /// <summary>Passes item ends on to the report loop and to the host's observer (metrics).</summary>
    private sealed class EndReporter(ChannelWriter<ItemLease> ended, IWorkerObserver? inner) : IWorkerObserver
    {
        public void Claimed(ItemLease lease) => inner?.Claimed(lease);

        public void Finished(ItemLease lease, ItemEnd end, TimeSpan duration, long artifactBytes)
        {
            inner?.Finished(lease, end, duration, artifactBytes);
            ended.TryWrite(lease);
        }
    }
}
