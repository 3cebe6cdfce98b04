using System.Text;
using System.Text.Json;
using Cluster.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// What the dashboard needs beyond the resource endpoints: <c>GET /api/events</c>, a server-sent event stream of the
/// runs, workers and watches (each sent when it changed, checked every <see cref="LiveSnapshots.Interval"/>), and
/// <c>GET /api/watches/quicklooks</c>, every watch with its newest figure.
/// </summary>
public static class LiveEndpoints
{
    /// <summary>A comment line at least this often keeps proxies from closing an idle stream.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder reads)
    {
        reads.MapGet("/events", StreamAsync);
        reads.MapGet("/watches/quicklooks", async (Cluster.Core.Work.IWorkStore store, CancellationToken ct) =>
            TypedResults.Ok(await WatchQuickLooks.ListAsync(store, ct)));
    }

    private static async Task StreamAsync(HttpContext context, LiveSnapshots snapshots, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // nginx and similar proxies buffer responses unless told not to; an event stream must flow.
        response.Headers["X-Accel-Buffering"] = "no";
        // The stream ends with the client or with the server's shutdown, which would otherwise wait for it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        // Tell EventSource-style clients how long to wait before reconnecting.
        await response.WriteAsync("retry: 2000\n\n", ct);
        string? runs = null, workers = null, watches = null;
        var lastWrite = DateTimeOffset.UtcNow;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var snapshot = await snapshots.CurrentAsync(ct);
                var at = JsonSerializer.Serialize(snapshot.At, ApiJson.Options);
                var sent = false;
                if (snapshot.RunsJson != runs)
                {
                    await WriteEventAsync(response, "runs", at, "runs", runs = snapshot.RunsJson, ct);
                    sent = true;
                }
                if (snapshot.WorkersJson != workers)
                {
                    await WriteEventAsync(response, "workers", at, "workers", workers = snapshot.WorkersJson, ct);
                    sent = true;
                }
                if (snapshot.WatchesJson != watches)
                {
                    await WriteEventAsync(response, "watches", at, "watches", watches = snapshot.WatchesJson, ct);
                    sent = true;
                }
                if (sent) lastWrite = DateTimeOffset.UtcNow;
                else if (DateTimeOffset.UtcNow - lastWrite > KeepAlive)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    lastWrite = DateTimeOffset.UtcNow;
                }
                await response.Body.FlushAsync(ct);
                await Task.Delay(LiveSnapshots.Interval, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The dashboard went away or the server is stopping: the stream simply ends.
        }
    }

    /// <summary>One event: <c>event: NAME</c> and a single <c>data:</c> line <c>{"at": ..., "FIELD": [...]}</c> (JSON has no raw newlines).</summary>
    private static Task WriteEventAsync(HttpResponse response, string name, string at, string field, string json, CancellationToken ct)
    {
        var text = new StringBuilder()
            .Append("event: ").Append(name).Append('\n')
            .Append("data: {\"at\":").Append(at).Append(",\"").Append(field).Append("\":").Append(json).Append("}\n\n");
        return response.WriteAsync(text.ToString(), ct);
    }
}
