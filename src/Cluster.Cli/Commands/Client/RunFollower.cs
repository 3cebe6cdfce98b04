using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Cli.Commands.Client;

/// <summary>Follows a run on the server until it ends (<c>submit --wait</c>), through <see cref="RunProgress"/>.</summary>
public static class RunFollower
{
    /// <exception cref="OperationCanceledException">Interrupted before the run ended (the run goes on on the server).</exception>
    public static async Task<RunStatus> FollowAsync(Terminal terminal, ClusterClient client, string run, CancellationToken ct)
    {
        var final = await RunProgress.FollowAsync<RunStatus>(terminal, run, async token => await client.GetRunAsync(run, token),
            status => new RunSnapshot(status.State.IsFinished(), status.Counts.Done + status.Counts.Error + status.Counts.NoData,
                status.Total, Describe(status)), ct);
        ct.ThrowIfCancellationRequested();
        return final!;
    }

    private static string Describe(RunStatus status) =>
        $"{status.Name} {RunFormatting.Finished(status)} {RunFormatting.Rate(status.Rate)} eta {RunFormatting.Eta(status.EtaSeconds)}" +
        (status.Counts.Error > 0 ? $" ({status.Counts.Error} errors)" : "") +
        string.Concat((status.Stalled ?? []).Select(s => $"; {RunFormatting.Stalled(s)}"));
}
