using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;
using Npgsql;

namespace Cluster.Integration.Tests;

/// <summary>
/// A cluster of real `cluster serve` and `cluster worker` processes on one PostgreSQL database, for fault tests:
/// processes are started and killed at will, and runs of tiny checksum items are submitted through the HTTP API.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>One xunit collection for the fault tests: each runs five processes, two at once would starve the machine.</summary>
    public const string Collection = "process faults";

    private const string Token = "chaos-token-0123456789abcdef";
    private readonly TempDirectory _temp = new();
    private readonly List<ClusterProcess> _exited = [];

    private ChaosCluster(string connectionString, IWorkStore store, NpgsqlDataSource ledger)
    {
        ConnectionString = connectionString;
        Store = store;
        Ledger = ledger;
        Inputs = Directory.CreateDirectory(_temp.File("inputs")).FullName;
        ArtifactRoot = Directory.CreateDirectory(_temp.File("artifacts")).FullName;
        File.WriteAllText(_temp.File("tokens"), Token + "\n");
    }

    public string ConnectionString { get; }

    public IWorkStore Store { get; }

    /// <summary>Direct SQL on the ledger, for what the store's interface does not show (log counts, claim times).</summary>
    public NpgsqlDataSource Ledger { get; }

    public string Inputs { get; }

    public string ArtifactRoot { get; }

    public List<(ClusterProcess Process, string Url)> Orchestrators { get; } = [];

    public List<ClusterProcess> Workers { get; } = [];

    /// <summary>Opens the store (it migrates the database) before any process starts.</summary>
    public static async Task<ChaosCluster> CreateAsync(string connectionString)
    {
        var store = await WorkStores.OpenAsync(connectionString, CancellationToken.None);
        return new ChaosCluster(connectionString, store, NpgsqlDataSource.Create(connectionString));
    }

    public (ClusterProcess Process, string Url) StartOrchestrator()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ClusterProcess.Start(null, "serve", "--store", ConnectionString, "--artifacts", $"file://{ArtifactRoot}",
            "--urls", url, "--token-file", _temp.File("tokens"), "--input-root", Inputs);
        Orchestrators.Add((process, url));
        return (process, url);
    }

    public ClusterProcess StartWorker(int slots)
    {
        var worker = ClusterProcess.Start(null, "worker", "--store", ConnectionString, "--artifacts", $"file://{ArtifactRoot}",
            "--slots", $"{slots}");
        Workers.Add(worker);
        return worker;
    }

    /// <summary>SIGKILL, and the process is out of <see cref="Workers"/>/<see cref="Orchestrators"/> (kept until dispose).</summary>
    public void Kill(ClusterProcess process)
    {
        process.Kill();
        Workers.Remove(process);
        Orchestrators.RemoveAll(o => o.Process == process);
        _exited.Add(process);
    }

    /// <summary>Every started process that was not killed on purpose and has exited, with its output.</summary>
    public IEnumerable<ClusterProcess> Exited => Workers.Concat(Orchestrators.Select(o => o.Process)).Where(p => p.HasExited);

    public async Task WaitReadyAsync((ClusterProcess Process, string Url) orchestrator)
    {
        using var http = new HttpClient { BaseAddress = new Uri(orchestrator.Url) };
        await ClusterWaits.UntilAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, "orchestrator ready", orchestrator.Process);
    }

    /// <summary>Writes <paramref name="items"/> tiny files into a directory of their own and submits a checksum run over them.</summary>
    public async Task<RunInfo> SubmitAsync(string orchestratorUrl, string name, int items, int delayMs)
    {
        var data = Directory.CreateDirectory(Path.Combine(Inputs, name)).FullName;
        for (var i = 0; i < items; i++)
            await File.WriteAllTextAsync(Path.Combine(data, $"f{i:D5}.dat"), $"{name} payload {i}\n");
        using var http = Http(orchestratorUrl);
        // A lease long enough that only the membership (not lease expiry) brings a killed worker's items back quickly.
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent($"name: {name}\nkind: checksum\ninput: {{directory: {name}, glob: '*.dat'}}\n" +
                $"params: {{delay_ms: {delayMs}}}\nlease_seconds: 60\nmax_attempts: 100\n", Encoding.UTF8, "application/yaml"),
        };
        using var response = await http.SendAsync(submit);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Store.GetRunAsync(name))!;
    }

    /// <summary>An HTTP client on the orchestrator at <paramref name="url"/> with the cluster's bearer token.</summary>
    public static HttpClient Http(string url)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public string InputOf(string run, string key) => Path.Combine(Inputs, run, key);

    /// <summary>Polls until the run's state says finished, failing early when a process that was not killed on purpose exits.</summary>
    public async Task UntilFinishedAsync(string run, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await TryGetRunAsync(run) is { } info && info.State.IsFinished()) return;
            ThrowIfAnyExited($"run {run} finished");
            await Task.Delay(100);
        }
        throw new TimeoutException($"run {run} did not finish within {timeout}: {(await Store.GetRunAsync(run))?.Counts}\n{Outputs()}");
    }

    /// <summary>The run, or null while the test's own connection to the ledger is cut (a PostgreSQL restart).</summary>
    public async Task<RunInfo?> TryGetRunAsync(string run)
    {
        try
        {
            return await Store.GetRunAsync(run);
        }
        catch (Exception e) when (e is NpgsqlException or IOException)
        {
            return null;
        }
    }

    public async Task UntilDoneAtLeastAsync(string run, long done)
    {
        await ClusterWaits.UntilAsync(async () =>
        {
            ThrowIfAnyExited($"{done} items of {run} done");
            return (await Store.GetRunAsync(run))?.Counts.Done >= done;
        }, $"{done} items of {run} done", Orchestrators[0].Process);
    }

    public void ThrowIfAnyExited(string what)
    {
        if (Exited.FirstOrDefault() is { } exited)
            throw new InvalidOperationException($"waiting for {what}: a process exited unasked:\n{exited.Output}");
    }

    /// <summary>The lease owner (silo address) of a worker process, once it has registered.</summary>
    public async Task<string?> WorkerIdOfAsync(ClusterProcess worker) =>
        (await Store.ListWorkersAsync(TimeSpan.FromMinutes(1))).FirstOrDefault(w => w.ProcessId == worker.Id)?.Id;

    /// <summary>Each process's whole output into CLUSTER_CHAOS_LOG_DIR when set (scripts/chaos), for a look after the run.</summary>
    public void KeepOutputs()
    {
        if (Environment.GetEnvironmentVariable("CLUSTER_CHAOS_LOG_DIR") is not { Length: > 0 } directory) return;
        Directory.CreateDirectory(directory);
        foreach (var process in Orchestrators.Select(o => o.Process).Concat(Workers).Concat(_exited))
            File.WriteAllText(Path.Combine(directory, $"{(Workers.Contains(process) || !Orchestrators.Any(o => o.Process == process) ? "worker" : "serve")}-{process.Id}.log"), process.Output);
    }

    public string Outputs() => string.Join("\n----\n",
        Orchestrators.Select(o => o.Process).Concat(Workers).Select(p => p.Output[^Math.Min(p.Output.Length, 4000)..]));

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http, string path)
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

    public async ValueTask DisposeAsync()
    {
        KeepOutputs();
        foreach (var process in Workers.Concat(Orchestrators.Select(o => o.Process)).Concat(_exited)) process.Dispose();
        await Ledger.DisposeAsync();
        await Store.DisposeAsync();
        _temp.Dispose();
    }
}
