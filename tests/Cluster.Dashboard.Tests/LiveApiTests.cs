using System.Net;
using System.Text.Json;
using Cluster.Client;

namespace Cluster.Dashboard.Tests;

/// <summary><c>/api/events</c> over plain HTTP: the event stream's framing and content, as any client would read it.</summary>
public sealed class LiveApiTests(WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task Events_stream_sends_runs_workers_and_watches_then_a_run_change()
    {
        var data = Server.InputDirectory("events");
        await File.WriteAllTextAsync(Path.Combine(data, "one.dat"), "1");
        using var response = await Server.Http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = new Dictionary<string, JsonElement>();
        while (first.Count < 3)
        {
            var (name, payload) = await NextEventAsync(reader, timeout.Token);
            first[name] = payload;
        }
        Assert.Equal(["runs", "watches", "workers"], first.Keys.Order());
        var at = first["runs"].GetProperty("at").GetDateTimeOffset();
        Assert.InRange(at, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var worker = Assert.Single(first["workers"].GetProperty("workers").EnumerateArray());
        Assert.Equal(2, worker.GetProperty("slots").GetInt32());
        Assert.Equal(JsonValueKind.Array, first["watches"].GetProperty("watches").ValueKind);

        await Server.SubmitAsync("name: evented\nkind: checksum\ninput:\n  directory: events\n");
        while (true)
        {
            var (name, payload) = await NextEventAsync(reader, timeout.Token);
            if (name != "runs") continue;
            var run = payload.GetProperty("runs").EnumerateArray().FirstOrDefault(r => r.GetProperty("name").GetString() == "evented");
            if (run.ValueKind == JsonValueKind.Undefined || run.GetProperty("state").GetString() != "succeeded") continue;
            Assert.Equal(1, run.GetProperty("counts").GetProperty("done").GetInt32());
            Assert.Equal(JsonValueKind.Null, run.GetProperty("spec").ValueKind); // left out of the stream
            break;
        }
    }

    [Fact]
    public async Task Quicklooks_lists_a_watch_without_figure_as_null()
    {
        Server.InputDirectory("quiet");
        await Server.Client().AddWatchAsync(new Client.Models.WatchRequest("quiet", "quiet", "*.tiq", 5, "kind: iq-spectrogram\n"));
        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync("api/watches/quicklooks"));
        var quiet = document.RootElement.EnumerateArray().Single(w => w.GetProperty("watch").GetProperty("name").GetString() == "quiet");
        Assert.Equal(JsonValueKind.Null, quiet.GetProperty("figure").ValueKind);
        Assert.Equal("running", quiet.GetProperty("run_state").GetString());
        Assert.Equal(0, quiet.GetProperty("counts").GetProperty("done").GetInt32());
    }

    /// <summary>Reads one <c>event:</c>/<c>data:</c> block, skipping comments and the retry hint.</summary>
    private static async Task<(string Name, JsonElement Payload)> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null;
        string? data = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (name is not null && data is not null) return (name, JsonDocument.Parse(data).RootElement.Clone());
                name = data = null;
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
        }
    }
}
