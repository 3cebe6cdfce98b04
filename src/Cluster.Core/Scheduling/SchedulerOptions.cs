namespace Cluster.Core.Scheduling;

public sealed class SchedulerOptions
{
    /// <summary>How often the leader expands, rescues and finalises.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Leader lease length; another replica takes over this long after the leader vanished.</summary>
    public TimeSpan LeaderTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Base of the exponential backoff before a rescued item is claimed again.</summary>
    public TimeSpan RescueBackoff { get; set; } = TimeSpan.FromSeconds(2);
}
