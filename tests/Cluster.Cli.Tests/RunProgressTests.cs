namespace Cluster.Cli.Tests;

/// <summary>What `cluster run` and `submit --wait` print while following a run when standard error is not a terminal.</summary>
public class RunProgressTests
{
    [Fact]
    public async Task A_run_still_listing_its_input_prints_no_0_of_0_line()
    {
        var error = new StringWriter();
        var terminal = new Terminal(new StringWriter(), error);
        var polls = new Queue<RunSnapshot>([
            new RunSnapshot(false, 0, 0, "r 0/0 - eta -"),
            new RunSnapshot(false, 0, 0, "r 0/0 - eta -"),
            new RunSnapshot(false, 1, 3, "r 1/3 0.5/s eta 0:04"),
            new RunSnapshot(true, 3, 3, "r 3/3 1/s eta 0s"),
        ]);

        var last = await RunProgress.FollowAsync(terminal, "r", _ => Task.FromResult<RunSnapshot?>(polls.Dequeue()), s => s, CancellationToken.None);

        Assert.True(last!.Finished);
        Assert.Equal(["r 1/3 0.5/s eta 0:04", "r 3/3 1/s eta 0s"], error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
