namespace Cluster.Core.Working;

public sealed class WorkerOptions
{
    /// <summary>Items processed at once.</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Items held beyond the slots, waiting for one, at least: the next item starts the moment a slot frees. The worker
    /// holds more when its items are short: as many as its slots get through in <see cref="QueueSeconds"/> at the
    /// recent pace, up to 4,096 (a no-op item takes microseconds, and refilling a queue of two costs a round trip).
    /// </summary>
    public int Queue { get; set; } = Environment.ProcessorCount;

    /// <summary>How much work, in time at the recent pace, the queue holds at most (see <see cref="Queue"/>).</summary>
    public TimeSpan QueueSeconds { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often live leases are extended; keep it well under the shortest lease_seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, how long in-flight items may finish before they are released for another worker.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Parent of the per-item scratch directories.</summary>
    public string ScratchRoot { get; set; } = Path.GetTempPath();

    /// <summary>Identifies this worker in leases and logs (the silo address on a cluster); default host-pid-random.</summary>
    public string? Id { get; set; }
}
