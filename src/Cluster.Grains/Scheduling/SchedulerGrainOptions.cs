namespace Cluster.Grains.Scheduling;

public sealed class SchedulerGrainOptions
{
    /// <summary>How often the backstops run: expired leases, dead silos' leases, unexpanded and unfinished runs, watches.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Base of the exponential backoff before an item whose lease expired is claimed again.</summary>
    public TimeSpan RescueBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Base of the backoff for the items of a worker silo that the membership declared dead: short, they are wanted
    /// back at once, yet an item that kills its worker every time does not take the next one down in the same second.
    /// </summary>
    public TimeSpan DeadWorkerBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A worker that has not re-registered for this long is forgotten (its leases stay until expiry or death).</summary>
    public TimeSpan WorkerSilence { get; set; } = TimeSpan.FromSeconds(10);
}
