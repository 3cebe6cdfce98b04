namespace Cluster.Grains.Scheduling;

public sealed class SchedulerGrainOptions
{
    /// <summary>How often the backstops run: expired leases, dead silos' leases, unexpanded and unfinished runs, watches.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Base of the exponential backoff before an item whose lease expired is claimed again.</summary>
    public TimeSpan RescueBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Delay before the items of a worker silo that the membership declared dead may be claimed again. None by default:
    /// max_attempts already bounds an item that kills its worker every time, and with a delay the queues of the
    /// surviving workers filled up with later items first (the first kill of the worker-kill benchmark waited 8-12 s).
    /// </summary>
    public TimeSpan DeadWorkerBackoff { get; set; } = TimeSpan.Zero;

    /// <summary>A worker that has not re-registered for this long is forgotten (its leases stay until expiry or death).</summary>
    public TimeSpan WorkerSilence { get; set; } = TimeSpan.FromSeconds(10);
}
