using System.Diagnostics;
using System.Net;
using Cluster.Core.Inputs;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// SIGTERM as Kubernetes sends it (scale-in, rolling update), to real `cluster` processes on PostgreSQL: workers finish
/// what fits in the drain timeout and release the rest; an orchestrator silo leaving hands the scheduler grain over; all
/// exit 0.
/// Several orchestrators starting at once apply each migration once.
/// </summary>
public class GracefulShutdownTests
{
    private const int DrainSeconds = 8;

    [Fact]
    public async Task Sigterm_mid_item_completes_what_fits_in_the_drain_releases_the_rest_and_exits_0_in_time()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        // One item that needs 3 s (fits in the drain) and one that needs 10 minutes (does not).
        await SubmitAsync(store, temp, "short", delayMs: 3000, priority: 0);
        await SubmitAsync(store, temp, "long", delayMs: 600_000, priority: 1);

        using var orchestrator = ClusterProcess.StartOrchestrator(database.ConnectionString, $"file://{temp.File("artifacts")}", temp.Path);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString,
            "--artifacts", $"file://{temp.File("artifacts")}", "--slots", "2", "--drain-seconds", $"{DrainSeconds}", "--log-format", "json");
        await ClusterWaits.UntilAsync(async () =>
            (await store.GetRunAsync("short"))?.Counts.Leased == 1 && (await store.GetRunAsync("long"))?.Counts.Leased == 1,
            "both items leased", worker);
        // The scheduler leases the items before the worker's slots take them up; a SIGTERM in between hands them back
        // unstarted (which is right). Let both start; the short one still needs most of its 3 s inside the drain.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        worker.Terminate();
        var code = await worker.WaitForExitAsync(TimeSpan.FromSeconds(DrainSeconds + 30));
        var elapsed = clock.Elapsed;

        Assert.Equal(0, code);
        // Waited for the drain timeout (the long item), and not much longer: releasing, deregistering and leaving the
        // membership fit in the 10 s the host allows after the drain.
        Assert.InRange(elapsed.TotalSeconds, DrainSeconds - 0.5, DrainSeconds + 10);
        var shortItem = Assert.Single(await store.ListItemsAsync((await store.GetRunAsync("short"))!.Id, null, null, 0, 10));
        Assert.Equal((ItemState.Done, 1), (shortItem.State, shortItem.Attempts));
        var longRun = (await store.GetRunAsync("long"))!;
        var longItem = Assert.Single(await store.ListItemsAsync(longRun.Id, null, null, 0, 10));
        // Released, not rescued: pending at once and the attempt not counted against max_attempts.
        Assert.Equal((ItemState.Pending, 0), (longItem.State, longItem.Attempts));
        Assert.Contains(await store.ItemLogAsync(longRun.Id, longItem.Key), e => e.Message.StartsWith("released: ", StringComparison.Ordinal));
        Assert.Empty(await store.ListWorkersAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Two_orchestrators_starting_together_migrate_once_and_the_scheduler_moves_on_sigterm()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var ports = new[] { FreePort.Next(), FreePort.Next() };
        var orchestrators = ports.Select(port => ClusterProcess.Start(null, "serve", "--store", database.ConnectionString,
            "--artifacts", $"file://{temp.File("artifacts")}", "--input-root", inputs, "--urls", $"http://127.0.0.1:{port}")).ToList();
        try
        {
            using var http = new HttpClient();
            for (var i = 0; i < 2; i++)
            {
                var url = $"http://127.0.0.1:{ports[i]}/readyz";
                await ClusterWaits.UntilAsync(async () => await StatusAsync(http, url) == HttpStatusCode.OK, $"orchestrator {i} ready", orchestrators[i]);
            }

            var versions = await database.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version");
            Assert.Equal(versions.Distinct().Count(), versions.Count);
            Assert.Contains(3, versions);
            Assert.Equal(Enumerable.Range(1, versions.Count), versions);
            Assert.Equal(1L, (await database.QueryAsync<long>("SELECT count(*) FROM queue_depth")).Single());

            // Both silos joined one cluster: two active rows in the membership table (3 = Active).
            await ClusterWaits.UntilAsync(async () =>
                (await database.QueryAsync<long>("SELECT count(*) FROM orleans_membership WHERE status = 3")).Single() == 2, "two active silos", orchestrators[0]);
            const string Active = "Scheduler active on silo";
            await ClusterWaits.UntilAsync(async () => orchestrators.Any(o => o.Output.Contains(Active)), "a scheduler activation", orchestrators[0]);
            var hostIndex = orchestrators.FindIndex(o => o.Output.Contains(Active));
            var other = orchestrators[1 - hostIndex];
            Assert.DoesNotContain(Active, other.Output);

            var clock = Stopwatch.StartNew();
            orchestrators[hostIndex].Terminate();
            Assert.Equal(0, await orchestrators[hostIndex].WaitForExitAsync(TimeSpan.FromSeconds(30)));
            // A graceful stop deactivates the grain; the survivor's next wake-up activates it there.
            await ClusterWaits.UntilAsync(async () => other.Output.Contains(Active), "the scheduler on the other orchestrator", other);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"hand-over took {clock.Elapsed}");

            other.Terminate();
            Assert.Equal(0, await other.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            foreach (var orchestrator in orchestrators) orchestrator.Dispose();
        }
    }

    private static async Task SubmitAsync(IWorkStore store, TempDirectory temp, string name, int delayMs, int priority)
    {
        var data = Directory.CreateDirectory(temp.File(name)).FullName;
        File.WriteAllText(Path.Combine(data, $"{name}.dat"), name);
        var spec = $$"""{"name": "{{name}}", "kind": "checksum", "input": {"directory": "{{data}}"}, "params": {"delay_ms": {{delayMs}}}, "lease_seconds": 30, "priority": {{priority}}}""";
        var submitted = await store.SubmitAsync(new RunSubmission(name, "checksum", spec, priority, 3, 30));
        var kinds = ProcessorKinds.All();
        var parsed = JobSpecParser.Parse(spec, kinds);
        await store.ExpandAsync(submitted.Run.Id, InputExpander.Expand(parsed.Input, kinds.Get("checksum"), new InputRoots([data])));
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string url)
    {
        try
        {
            return (await http.GetAsync(url)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
