using System.Text;
using Cluster.Client;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;
using Cluster.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// A real orchestrator on Kestrel at 127.0.0.1 (port chosen by the OS), with a SQLite store and an artifact folder
/// in a temp directory, and an input root holding <c>data/a.dat</c>, <c>b.dat</c>, <c>c.dat</c> (and <c>notes.txt</c>).
/// </summary>
public sealed class OrchestratorServer : IAsyncDisposable
{
    public const string Token = "s3cret-test-token";

    private readonly TempDirectory _temp;
    private readonly HttpClient _http;

    private OrchestratorServer(TempDirectory temp, WebApplication app, Uri address)
    {
        _temp = temp;
        App = app;
        Address = address;
        _http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public string InputRoot => Path.Combine(_temp.Path, "inputs");
    public string DataDirectory => Path.Combine(InputRoot, "data");
    public string DatabasePath => Path.Combine(_temp.Path, "cluster.db");
    public string ArtifactRoot => Path.Combine(_temp.Path, "artifacts");
    public IWorkStore Store => App.Services.GetRequiredService<IWorkStore>();
    public IArtifactStore Artifacts => App.Services.GetRequiredService<IArtifactStore>();

    /// <summary>Raw HTTP against the server, no token.</summary>
    public HttpClient Http => _http;

    public ClusterClient Client(string? token = Token) => new(_http, token);

    /// <param name="workerSlots">Slots of a worker in the orchestrator's silo (0: no worker, items stay pending).</param>
    public static async Task<OrchestratorServer> StartAsync(Action<OrchestratorOptions>? configure = null, int workerSlots = 0)
    {
        var temp = new TempDirectory();
        var data = Directory.CreateDirectory(Path.Combine(temp.Path, "inputs", "data")).FullName;
        foreach (var name in new[] { "c.dat", "a.dat", "b.dat" })
            await File.WriteAllTextAsync(Path.Combine(data, name), $"contents of {name}\n" + new string('x', name[0] * 10));
        await File.WriteAllTextAsync(Path.Combine(data, "notes.txt"), "not an input");
        var options = new OrchestratorOptions
        {
            Store = "sqlite://" + Path.Combine(temp.Path, "cluster.db"),
            Artifacts = new Uri(Path.Combine(temp.Path, "artifacts")).AbsoluteUri,
            InputRoots = [Path.Combine(temp.Path, "inputs")],
            Tokens = [Token],
            SchedulerTickSeconds = 0.1,
            WorkerSlots = workerSlots,
            ScratchRoot = temp.Path,
        };
        configure?.Invoke(options);
        var app = OrchestratorApp.Build(options, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        // Port 0 lets the OS pick a free port; Kestrel reports the one it bound.
        var address = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return new OrchestratorServer(temp, app, address);
    }

    public async Task<HttpResponseMessage> PostSpecAsync(string spec, string mediaType = "application/yaml", string? token = Token, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs" + query) { Content = new StringContent(spec, Encoding.UTF8, mediaType) };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return await _http.SendAsync(request);
    }

    /// <summary>Polls the run until <paramref name="done"/> holds, failing the test after <paramref name="seconds"/>.</summary>
    public async Task<Client.Models.RunStatus> WaitForRunAsync(string run, Func<Client.Models.RunStatus, bool> done, double seconds = 30)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var status = await Client().GetRunAsync(run);
            if (done(status)) return status;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"run {run} did not reach the expected state in {seconds} s; last: {status.State}, {status.Counts}");
            await Task.Delay(50);
        }
    }

    public async Task<List<Client.Models.ArtifactInfo>> WaitForArtifactsAsync(string run, Func<List<Client.Models.ArtifactInfo>, bool> done, double seconds = 30)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var artifacts = await Client().ListArtifactsAsync(run);
            if (done(artifacts)) return artifacts;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"run {run} did not list the expected artifacts in {seconds} s; last: {string.Join(", ", artifacts.Select(a => a.Name))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _temp.Dispose();
    }
}

/// <summary>One server per test class (xunit runs a class's tests one after another).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public OrchestratorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await OrchestratorServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A server whose silo also runs a worker with two slots, so runs are processed to the end.</summary>
public sealed class WorkingServerFixture : IAsyncLifetime
{
    public OrchestratorServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await OrchestratorServer.StartAsync(workerSlots: 2);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
