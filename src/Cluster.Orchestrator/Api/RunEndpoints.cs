using System.Text;
using Cluster.Client.Models;
using Cluster.Core.Specs;
using Cluster.Core.Work;
using Cluster.Grains.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator.Api;

/// <summary>Submitting, listing and inspecting runs: <c>/api/runs</c> and <c>/api/runs/{name}</c>.</summary>
public static class RunEndpoints
{
    /// <summary>Specs are small documents; anything bigger is a mistake (a data file posted by accident).</summary>
    public const int MaxSpecBytes = 1 << 20;

    private static readonly string[] SpecMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain"];

    /// <param name="reads">The <c>/api</c> group of queries.</param>
    /// <param name="writes">The <c>/api</c> group of changes (token required).</param>
    public static void Map(IEndpointRouteBuilder reads, IEndpointRouteBuilder writes)
    {
        writes.MapPost("/runs", SubmitAsync);
        reads.MapGet("/runs", ListAsync);
        reads.MapGet("/runs/{name}", GetAsync);
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, SpecAdmission admission, IWorkStore store, IGrainFactory grains,
        ILoggerFactory loggers, [FromQuery(Name = "ignore_progress")] bool? ignoreProgress, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !SpecMediaTypes.Contains(mediaType))
            return ApiProblems.UnsupportedMediaType(
                $"send the job spec as {string.Join(", ", SpecMediaTypes)} (got {(mediaType is null ? "no Content-Type" : mediaType)})");
        if (request.ContentLength > MaxSpecBytes)
            return ApiProblems.TooLarge($"a job spec may have at most {MaxSpecBytes} bytes (got {request.ContentLength})");
        var text = await ReadTextAsync(request.Body, ct);
        if (text is null)
            return ApiProblems.TooLarge($"a job spec may have at most {MaxSpecBytes} bytes");

        JobSpec spec;
        try
        {
            spec = admission.Admit(text);
        }
        catch (JobSpecException e)
        {
            return ApiProblems.InvalidSpec(e.Errors.Select(x => new FieldError(x.Field, x.Line, x.Message)).ToList());
        }
        var reply = await grains.GetGrain<IRunGrain>(spec.Name).SubmitAsync(new SubmitRun(spec.Kind, spec.ToJson(), spec.Priority,
            spec.MaxAttempts, spec.LeaseSeconds, ignoreProgress ?? false, spec.RunSample));
        // The run grain refuses a resubmission under another kind: the name is taken by a different job.
        if (reply.Refusal is not null) return ApiProblems.Conflict(reply.Refusal);
        var outcome = Enum.Parse<SubmitOutcome>(reply.Outcome!, ignoreCase: true);
        loggers.CreateLogger(typeof(RunEndpoints)).LogInformation("Run {Run} ({Kind}) {Outcome}, {Requeued} items requeued", spec.Name, spec.Kind,
            outcome, reply.ItemsRequeued);
        var run = await store.GetRunAsync(spec.Name, ct) ?? throw new InvalidOperationException($"run {spec.Name} vanished after its submission");
        var body = new SubmitResponse(RunViews.Status(run, DateTimeOffset.UtcNow), outcome, reply.ItemsRequeued);
        return TypedResults.Created($"/api/runs/{Uri.EscapeDataString(spec.Name)}", body);
    }

    private static async Task<IResult> ListAsync(IWorkStore store, string? state, string? kind, string? sample, string? since, string? until,
        int? limit, CancellationToken ct)
    {
        RunState? runState = null;
        if (state is not null)
        {
            try
            {
                runState = StateText.ParseRunState(state);
            }
            catch (ArgumentException e)
            {
                return ApiProblems.BadRequest(e.Message);
            }
        }
        if (limit is < 1 or > 1000)
            return ApiProblems.BadRequest($"limit: must be between 1 and 1000 (got {limit})");
        if (!TryTime(since, out var from)) return ApiProblems.BadRequest($"since: not an ISO 8601 time such as 2026-03-05T08:00:00Z (got '{since}')");
        if (!TryTime(until, out var to)) return ApiProblems.BadRequest($"until: not an ISO 8601 time such as 2026-03-05T08:00:00Z (got '{until}')");
        var runs = await store.ListRunsAsync(new RunQuery(runState, kind, sample, from, to, limit ?? 100), ct);
        var now = DateTimeOffset.UtcNow;
        return TypedResults.Ok(runs.Select(r => RunViews.Status(r, now)).ToList());
    }

    /// <summary>An ISO 8601 time; without an offset it is UTC. Null or empty is no bound.</summary>
    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed))
            return false;
        time = parsed;
        return true;
    }

    private static async Task<IResult> GetAsync(IWorkStore store, string name, CancellationToken ct)
    {
        if (await store.GetRunAsync(name, ct) is not { } run) return ApiProblems.UnknownRun(name);
        var now = DateTimeOffset.UtcNow;
        var status = RunViews.Status(run, now);
        return TypedResults.Ok(run.Counts.Leased == 0 ? status : RunViews.WithStalled(status, await store.LeaseHoldersAsync(run.Id, ct), now));
    }

    /// <summary>The body as text, or null when it is longer than <see cref="MaxSpecBytes"/>.</summary>
    private static async Task<string?> ReadTextAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await ReadOrTooLargeAsync(body, chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxSpecBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return read < 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// Bytes read, or -1 when Kestrel cut off a chunked body at Cluster:MaxRequestBodyBytes: it counts the bytes it
    /// pumps from the socket ahead of this reader, so a fast sender can reach that limit before the reader reaches
    /// <see cref="MaxSpecBytes"/>. Either way the spec is too large.
    /// </summary>
    private static async Task<int> ReadOrTooLargeAsync(Stream body, byte[] chunk, CancellationToken ct)
    {
        try
        {
            return await body.ReadAsync(chunk, ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return -1;
        }
    }
}
