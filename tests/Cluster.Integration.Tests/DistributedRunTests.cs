using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>
/// Separate OS processes on real PostgreSQL: `cluster serve` and three `cluster worker`s run a 2,000-item checksum run
/// while one worker is killed with SIGKILL and the orchestrator is killed and restarted.
/// </summary>
public class DistributedRunTests
{
    private const int Items = 2000;
    private const string Token = "integration-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_item_ends_done_exactly_once_through_a_worker_kill_and_an_orchestrator_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(inputs, "batch")).FullName;
        for (var i = 0; i < Items; i++)
            File.WriteAllText(Path.Combine(data, $"f{i:D5}.dat"), $"payload {i}\n");
        var artifactRoot = temp.File("artifacts");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        var port = FreePort.Next();
        var server = $"http://127.0.0.1:{port}";
        string[] serveArgs = ["serve", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}",
            "--urls", server, "--token-file", temp.File("tokens"), "--input-root", inputs];
        string[] workerArgs = ["worker", "--store", database.ConnectionString, "--artifacts", $"file://{artifactRoot}", "--slots", "2"];

        var orchestrator = ClusterProcess.Start(null, serveArgs);
        var workers = Enumerable.Range(0, 3).Select(_ => ClusterProcess.Start(null, workerArgs)).ToList();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(server) };
            await ClusterWaits.UntilAsync(async () => (await TryGetAsync(http, "/readyz")) == HttpStatusCode.OK, "orchestrator ready", orchestrator);
            var submit = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
            {
                Content = new StringContent("name: load\nkind: checksum\ninput: {directory: batch, glob: '*.dat'}\nparams: {delay_ms: 15}\nlease_seconds: 2\nmax_attempts: 5\n",
                    Encoding.UTF8, "application/yaml"),
            };
            submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            var response = await http.SendAsync(submit);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

            await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
            await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("load"))?.Counts.Done >= Items / 5, "a fifth done", orchestrator);
            var victim = workers[0];
            var victimId = (await store.ListWorkersAsync(TimeSpan.FromMinutes(1))).Single(w => w.ProcessId == victim.Id).Id;
            victim.Kill();

            await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("load"))?.Counts.Done >= Items / 2, "half done", orchestrator);
            orchestrator.Kill();
            await orchestrator.WaitForExitAsync(Timeout);
            orchestrator.Dispose();
            orchestrator = ClusterProcess.Start(null, serveArgs);

            await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("load"))?.State.IsFinished() == true, "run finished", orchestrator);
            var run = (await store.GetRunAsync("load"))!;
            Assert.Equal(RunState.Succeeded, run.State);
            var items = await store.ListItemsAsync(run.Id, null, null, 0, Items + 10);
            Assert.Equal(Items, items.Count);
            Assert.All(items, item => Assert.Equal(ItemState.Done, item.State));

            // Each artifact recorded once, and exactly one file per item in the store.
            var artifacts = await store.ArtifactsAsync(run.Id, null);
            var perItem = artifacts.Where(a => a.ItemKey != "").GroupBy(a => a.ItemKey).ToList();
            Assert.Equal(Items, perItem.Count);
            Assert.All(perItem, group => Assert.Single(group));
            var files = Directory.EnumerateFiles(Path.Combine(artifactRoot, "runs", "load"), "*.sha256.json", SearchOption.AllDirectories).Count();
            Assert.Equal(Items, files);

            // The killed worker's items were rescued, and their log says so (without spending their attempt unless
            // their start had been recorded: docs/architecture.md, worker deaths).
            // Declared dead by the membership, or its 2 s leases expired first: either way a warning names it.
            var rescued = false;
            foreach (var item in items)
            {
                var log = await store.ItemLogAsync(run.Id, item.Key);
                if (rescued = log.Any(entry => entry.Level == "warning" && entry.Message.Contains($"worker {victimId}"))) break;
            }
            Assert.True(rescued, $"no item's log names the killed worker {victimId}");
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            orchestrator.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_drains_a_worker_and_releases_what_it_could_not_finish()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var data = Directory.CreateDirectory(temp.File("data")).FullName;
        for (var i = 0; i < 20; i++)
            File.WriteAllText(Path.Combine(data, $"f{i:D2}.dat"), $"{i}");
        await using var store = await WorkStores.OpenAsync(database.ConnectionString, CancellationToken.None);
        var spec = $$"""{"name": "slow", "kind": "checksum", "input": {"directory": "{{data}}"}, "params": {"delay_ms": 60000}, "lease_seconds": 30}""";
        var submitted = await store.SubmitAsync(new RunSubmission("slow", "checksum", spec, 0, 3, 30));
        var kinds = Processors.ProcessorKinds.All();
        var parsed = Core.Specs.JobSpecParser.Parse(spec, kinds);
        await store.ExpandAsync(submitted.Run.Id, Core.Inputs.InputExpander.Expand(parsed.Input, kinds.Get("checksum"), new Core.Inputs.InputRoots([data])));

        using var orchestrator = ClusterProcess.StartOrchestrator(database.ConnectionString, $"file://{temp.File("a")}", temp.Path);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", $"file://{temp.File("a")}",
            "--slots", "2", "--drain-seconds", "1");
        // Two slots and a queue of two: the scheduler hands four items over.
        await ClusterWaits.UntilAsync(async () => (await store.GetRunAsync("slow"))?.Counts.Leased == 4, "four items leased", worker);
        worker.Terminate();
        var code = await worker.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, code);
        var run = (await store.GetRunAsync("slow"))!;
        Assert.Equal(0, run.Counts.Leased);
        Assert.Equal(20, run.Counts.Pending);
        var items = await store.ListItemsAsync(run.Id, null, null, 0, 100);
        Assert.All(items, item => Assert.Equal(0, item.Attempts));
        Assert.Empty(await store.ListWorkersAsync(TimeSpan.FromMinutes(1)));
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

}
