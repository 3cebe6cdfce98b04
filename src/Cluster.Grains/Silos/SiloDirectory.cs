using Cluster.Grains.Scheduling;

namespace Cluster.Grains.Silos;

/// <summary>One silo as the cluster sees it: membership status, role, slots and load, activations.</summary>
/// <param name="Role">orchestrator, worker, or orchestrator+worker; unknown for a silo that no longer reports.</param>
/// <param name="Slots">Worker slots (null for a silo without the worker role).</param>
/// <param name="Busy">Items the worker holds (running or queued).</param>
/// <param name="Activations">Grain activations on the silo (null when it does not answer).</param>
public sealed record SiloView(
    string Address, string Name, string Host, string Role, string Status, int? Slots, int? Busy, int? Activations,
    DateTimeOffset StartedAt, DateTimeOffset LastAliveAt);

/// <summary>
/// The silos of the cluster for the API and the dashboard: the membership (every silo, dead ones too for a while, so a
/// worker that stopped answering shows as such), the roles and worker load the scheduler knows, the activation counts
/// the silos report.
/// </summary>
public sealed class SiloDirectory(IGrainFactory grains)
{
    /// <summary>Dead silos stay in the list this long (the membership table keeps them for days).</summary>
    public static readonly TimeSpan DeadShownFor = TimeSpan.FromMinutes(15);

    public async Task<IReadOnlyList<SiloView>> ListAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var scheduler = grains.GetGrain<ISchedulerGrain>(0);
        var members = await management.GetDetailedHosts(onlyActive: false);
        var workers = (await scheduler.WorkersAsync()).ToDictionary(w => w.Silo);
        var orchestrators = (await scheduler.OrchestratorsAsync()).ToHashSet();
        var active = members.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToArray();
        var activations = (await management.GetRuntimeStatistics(active)).Zip(active).ToDictionary(p => p.Second, p => p.First.ActivationCount);
        var since = DateTime.UtcNow - DeadShownFor;
        return members
            .Where(m => m.Status != SiloStatus.Dead || m.IAmAliveTime > since)
            .OrderBy(m => m.Status == SiloStatus.Dead).ThenBy(m => m.SiloName, StringComparer.Ordinal)
            .Select(m =>
            {
                workers.TryGetValue(m.SiloAddress, out var worker);
                var role = (orchestrators.Contains(m.SiloAddress), worker is not null) switch
                {
                    (true, true) => "orchestrator+worker",
                    (true, false) => "orchestrator",
                    (false, true) => "worker",
                    _ => "unknown",
                };
                return new SiloView(m.SiloAddress.ToParsableString(), m.SiloName, m.HostName, role, m.Status.ToString().ToLowerInvariant(),
                    worker?.Slots, worker?.Busy, activations.TryGetValue(m.SiloAddress, out var count) ? count : null,
                    new DateTimeOffset(DateTime.SpecifyKind(m.StartTime, DateTimeKind.Utc)),
                    new DateTimeOffset(DateTime.SpecifyKind(m.IAmAliveTime, DateTimeKind.Utc)));
            })
            .ToList();
    }
}
