using System.Net;
using Cluster.Client;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Tests;

/// <summary>cancel / resume / retry: 404 for unknown runs, 409 when the run's state does not allow it. No worker runs here.</summary>
public sealed class RunActionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    [Fact]
    public async Task Cancel_then_resume_follow_the_state_rules()
    {
        var client = Server.Client();
        await client.SubmitAsync("name: rules\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");
        await Server.WaitForRunAsync("rules", r => r.State == RunState.Running);

        await AssertConflictAsync(() => client.ResumeAsync("rules"), "only cancelled runs can be resumed");
        await AssertConflictAsync(() => client.RetryAsync("rules"), "has no items in error");

        var cancelled = await client.CancelAsync("rules");
        Assert.Equal(RunState.Cancelled, cancelled.State);
        Assert.Equal(3, cancelled.Counts.Cancelled);
        Assert.Equal(0, cancelled.Counts.Pending);
        await AssertConflictAsync(() => client.CancelAsync("rules"), "is cancelled: only pending or running runs can be cancelled");

        var resumed = await client.ResumeAsync("rules");
        Assert.Equal(RunState.Running, resumed.State);
        Assert.Equal(3, resumed.Counts.Pending);
        Assert.Equal(0, resumed.Counts.Cancelled);
        await AssertConflictAsync(() => client.ResumeAsync("rules"), "is running");
    }

    [Fact]
    public async Task Actions_on_an_unknown_run_are_404()
    {
        var client = Server.Client();
        foreach (var act in new Func<Task>[] { () => client.CancelAsync("ghost"), () => client.ResumeAsync("ghost"), () => client.RetryAsync("ghost") })
        {
            var e = await Assert.ThrowsAsync<ClusterApiException>(act);
            Assert.Equal(HttpStatusCode.NotFound, e.Status);
            Assert.Equal("no run named 'ghost'", e.Problem.Detail);
        }
    }

    private static async Task AssertConflictAsync(Func<Task> act, string detail)
    {
        var e = await Assert.ThrowsAsync<ClusterApiException>(act);
        Assert.Equal(HttpStatusCode.Conflict, e.Status);
        Assert.Contains(detail, e.Problem.Detail);
    }
}
