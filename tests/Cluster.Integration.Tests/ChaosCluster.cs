using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Cluster.Core.Work;
using Cluster.Storage;
using Cluster.TestSupport;
using Npgsql;

namespace Cluster.Integration.Tests;

/// <summary>
/// A cluster of real `cluster serve` and `cluster worker` processes on one PostgreSQL database, for fault tests:
/// processes are started and killed at will, and runs of tiny checksum items and of small IQ captures are submitted
/// through the HTTP API. Artifacts go to a local folder, or to an S3 server when one is given.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    /// <summary>One xunit collection for the fault tests: each runs five processes, two at once would starve the machine.</summary>
    public const string Collection = "process faults";

    private const string Token = "chaos-token-0123456789abcdef";
    private readonly TempDirectory _temp = new();
    private readonly List<ClusterProcess> _exited = [];

    private ChaosCluster(string connectionString, IWorkStore store, NpgsqlDataSource ledger, string? artifactRoot, (Uri Endpoint, string Bucket)? s3)
    {
        ConnectionString = connectionString;
        Store = store;
        Ledger = ledger;
        Inputs = Directory.CreateDirectory(_temp.File("inputs")).FullName;
        ArtifactRoot = Directory.CreateDirectory(artifactRoot ?? _temp.File("artifacts")).FullName;
        File.WriteAllText(_temp.File("tokens"), Token + "\n");
        if (s3 is { } server)
        {
            _s3 = (TestS3.RawClient(server.Endpoint), server.Bucket);
            ArtifactsUri = $"s3://{server.Bucket}";
            Environment["AWS_ENDPOINT_URL"] = server.Endpoint.AbsoluteUri;
            Environment["AWS_ACCESS_KEY_ID"] = TestS3.AccessKey;
            Environment["AWS_SECRET_ACCESS_KEY"] = TestS3.SecretKey;
        }
        else
        {
            ArtifactsUri = $"file://{ArtifactRoot}";
        }
    }

    private readonly (AmazonS3Client Client, string Bucket)? _s3;

    /// <summary>Where the processes store artifacts (<c>--artifacts</c>).</summary>
    public string ArtifactsUri { get; }

    /// <summary>Variables every process started from now on gets (S3 credentials, a fake clock).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string ConnectionString { get; }

    public IWorkStore Store { get; }

    /// <summary>Direct SQL on the ledger, for what the store's interface does not show (log counts, claim times).</summary>
    public NpgsqlDataSource Ledger { get; }

    public string Inputs { get; }

    public string ArtifactRoot { get; }

    public List<(ClusterProcess Process, string Url)> Orchestrators { get; } = [];

    public List<ClusterProcess> Workers { get; } = [];

    /// <summary>Opens the store (it migrates the database) before any process starts.</summary>
    /// <param name="artifactRoot">A folder of the test's own (a small file system) instead of one in the temp directory.</param>
    /// <param name="s3">Artifacts in this bucket of this S3 server instead of a folder.</param>
    public static async Task<ChaosCluster> CreateAsync(string connectionString, string? artifactRoot = null, (Uri Endpoint, string Bucket)? s3 = null)
    {
        var store = await WorkStores.OpenAsync(connectionString, CancellationToken.None);
        return new ChaosCluster(connectionString, store, NpgsqlDataSource.Create(connectionString), artifactRoot, s3);
    }

    public (ClusterProcess Process, string Url) StartOrchestrator()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ClusterProcess.Start(Environment, "serve", "--store", ConnectionString, "--artifacts", ArtifactsUri,
            "--urls", url, "--token-file", _temp.File("tokens"), "--input-root", Inputs);
        Orchestrators.Add((process, url));
        return (process, url);
    }

    public ClusterProcess StartWorker(int slots, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) variables[name] = value;
        var worker = ClusterProcess.Start(variables, "worker", "--store", ConnectionString, "--artifacts", ArtifactsUri,
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
    /// <param name="poisoned">Items whose input starts with the run's crash marker: they abort the worker process that runs them.</param>
    public async Task<RunInfo> SubmitAsync(string orchestratorUrl, string name, int items, int delayMs, int maxAttempts = 100,
        IReadOnlyCollection<int>? poisoned = null)
    {
        var data = Directory.CreateDirectory(Path.Combine(Inputs, name)).FullName;
        for (var i = 0; i < items; i++)
            await File.WriteAllTextAsync(Path.Combine(data, $"f{i:D5}.dat"), $"{(poisoned?.Contains(i) == true ? PoisonMarker : name)} payload {i}\n");
        // A lease long enough that only the membership (not lease expiry) brings a killed worker's items back quickly.
        return await SubmitSpecAsync(orchestratorUrl, name, $"kind: checksum\ninput: {{directory: {name}, glob: '*.dat'}}\n" +
            $"params: {{delay_ms: {delayMs}, crash_marker: {PoisonMarker}}}\nlease_seconds: 60\nmax_attempts: {maxAttempts}\n");
    }

    public const string PoisonMarker = "POISON";

    /// <summary>
    /// Starts a new worker in place of each one that exited (as Kubernetes restarts a crashed pod); the exited ones are
    /// kept for their output. Returns how many were replaced.
    /// </summary>
    public int ReplaceExitedWorkers(int slots) => ReplaceWorkers(w => w.HasExited, slots);

    /// <summary>
    /// Replaces the workers that stopped because the cluster voted them dead (Orleans' "I have been told I am dead"):
    /// on a loaded machine a silo starting beside repeated kills can miss its probes. Kubernetes restarts such a pod;
    /// for the run it is one more worker death. Any other exit stays a failure (<see cref="ThrowIfAnyExited"/>).
    /// </summary>
    public int ReplaceWorkersVotedDead(int slots) =>
        ReplaceWorkers(w => w.HasExited && w.Output.Contains("I have been told I am dead", StringComparison.Ordinal), slots);

    private int ReplaceWorkers(Func<ClusterProcess, bool> ended, int slots)
    {
        var replaced = Workers.Where(ended).ToList();
        foreach (var worker in replaced)
        {
            Workers.Remove(worker);
            _exited.Add(worker);
            StartWorker(slots);
        }
        return replaced.Count;
    }

    /// <summary>The output of the processes that exited (killed on purpose or crashed).</summary>
    public IEnumerable<string> ExitedOutputs => _exited.Select(p => p.Output);

    /// <summary>Samples of an IQ capture per item: 64k complex 8-bit pairs, 128 KiB, 256 frames of 256.</summary>
    public const int IqSamples = 65536;

    /// <summary>
    /// Writes <paramref name="items"/> rtl_sdr captures (<c>.cu8</c>, rate and centre in the name, noise plus a tone
    /// whose frequency depends on the item) and submits an iq-spectrogram run over them (NPZ out).
    /// </summary>
    public async Task<RunInfo> SubmitIqAsync(string orchestratorUrl, string name, int items)
    {
        var data = Directory.CreateDirectory(Path.Combine(Inputs, name)).FullName;
        var random = new Random(items);
        var bytes = new byte[2 * IqSamples];
        for (var i = 0; i < items; i++)
        {
            var tone = 0.01 + 0.4 * i / items;
            for (var n = 0; n < IqSamples; n++)
            {
                bytes[2 * n] = (byte)Math.Clamp(127.5 + 60 * Math.Cos(2 * Math.PI * tone * n) + random.Next(-8, 9), 0, 255);
                bytes[2 * n + 1] = (byte)Math.Clamp(127.5 + 60 * Math.Sin(2 * Math.PI * tone * n) + random.Next(-8, 9), 0, 255);
            }
            await File.WriteAllBytesAsync(Path.Combine(data, $"g{i:D3}_433.92M_250k.cu8"), bytes);
        }
        return await SubmitSpecAsync(orchestratorUrl, name, $"kind: iq-spectrogram\ninput: {{directory: {name}, glob: '*.cu8'}}\n" +
            "params: {lframes: 256, mode: compat}\noutputs: {formats: [npz]}\nlease_seconds: 60\n");
    }

    private async Task<RunInfo> SubmitSpecAsync(string orchestratorUrl, string name, string spec)
    {
        using var http = Http(orchestratorUrl);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/runs")
        {
            Content = new StringContent($"name: {name}\n{spec}", Encoding.UTF8, "application/yaml"),
        };
        using var response = await http.SendAsync(submit);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await Store.GetRunAsync(name))!;
    }

    /// <summary>An artifact's bytes as stored, read without the cluster's code.</summary>
    public async Task<byte[]> ReadArtifactAsync(string storeKey)
    {
        if (_s3 is not { } s3) return await File.ReadAllBytesAsync(Path.Combine(ArtifactRoot, storeKey));
        using var response = await s3.Client.GetObjectAsync(s3.Bucket, storeKey);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>
    /// Every stored name under <paramref name="prefix"/>, and how many of them are hidden temp files (a file writer
    /// killed mid-write leaves one; an S3 object appears whole or not at all, so there are none there).
    /// </summary>
    public async Task<(List<string> Final, int Temps)> ListArtifactKeysAsync(string prefix)
    {
        if (_s3 is not { } s3)
        {
            var directory = Path.Combine(ArtifactRoot, prefix);
            var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(ArtifactRoot, f)).ToList();
            return (files.Where(f => !Path.GetFileName(f).StartsWith('.')).ToList(), files.Count(f => Path.GetFileName(f).StartsWith('.')));
        }
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = s3.Bucket, Prefix = prefix + "/" };
        ListObjectsV2Response page;
        do
        {
            page = await s3.Client.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return (keys, 0);
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
        if (System.Environment.GetEnvironmentVariable("CLUSTER_CHAOS_LOG_DIR") is not { Length: > 0 } directory) return;
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
        _s3?.Client.Dispose();
        await Ledger.DisposeAsync();
        await Store.DisposeAsync();
        _temp.Dispose();
    }
}
