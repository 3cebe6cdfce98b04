using System.Text;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Orchestrator;
using Cluster.Processors;
using Cluster.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Dashboard.Tests;

/// <summary>
/// A real orchestrator on Kestrel (127.0.0.1, port from the OS) with a SQLite store, an artifact folder and an input
/// root in a temp directory; its silo also runs a worker with two slots.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string Token = "dashboard-test-token-5f1c9a";

    private readonly TempDirectory _temp;

    private DashboardServer(TempDirectory temp, WebApplication app, Uri address)
    {
        _temp = temp;
        App = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }
    public Uri Address { get; }
    public string InputRoot => Path.Combine(_temp.Path, "inputs");

    /// <summary>Raw HTTP against the server, no token.</summary>
    public HttpClient Http { get; }

    public ClusterClient Client(string? token = Token) => new(Http, token);

    public static async Task<DashboardServer> StartAsync(bool readRequiresToken = false)
    {
        var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "inputs"));
        var options = new OrchestratorOptions
        {
            Store = "sqlite://" + Path.Combine(temp.Path, "cluster.db"),
            Artifacts = new Uri(Path.Combine(temp.Path, "artifacts")).AbsoluteUri,
            InputRoots = [Path.Combine(temp.Path, "inputs")],
            Tokens = [Token],
            ReadRequiresToken = readRequiresToken,
            WorkerSlots = 2,
            ScratchRoot = temp.Path,
            SchedulerTickSeconds = 0.1,
        };
        var app = OrchestratorApp.Build(options, ["http://127.0.0.1:0"]);
        await app.StartAsync();
        return new DashboardServer(temp, app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
    }

    /// <summary>A directory under the input root (relative specs name it by <paramref name="name"/>).</summary>
    public string InputDirectory(string name) => Directory.CreateDirectory(Path.Combine(InputRoot, name)).FullName;

    public async Task SubmitAsync(string yaml)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/runs") { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") };
        request.Headers.Authorization = new("Bearer", Token);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"submission refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Polls the run until <paramref name="done"/> holds, failing after <paramref name="seconds"/>.</summary>
    public async Task<RunStatus> WaitForRunAsync(string run, Func<RunStatus, bool> done, double seconds = 60)
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _temp.Dispose();
    }
}
