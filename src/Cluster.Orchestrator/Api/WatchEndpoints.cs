using System.Text.Json;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Specs;
using Cluster.Core.Watching;
using Cluster.Core.Work;
using Cluster.Grains.Watches;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// <c>/api/watches</c>: add (409 when the name is taken by a watch or a run), list and remove watched directories.
/// Each watch owns the run of its name; removing the watch lets that run finish.
/// </summary>
public static class WatchEndpoints
{
    /// <param name="reads">The <c>/api</c> group of queries.</param>
    /// <param name="writes">The <c>/api</c> group of changes (token required).</param>
    public static void Map(IEndpointRouteBuilder reads, IEndpointRouteBuilder writes)
    {
        writes.MapPost("/watches", AddAsync);
        reads.MapGet("/watches", ListAsync);
        writes.MapDelete("/watches/{name}", RemoveAsync);
    }

    public static WatchStatus Status(WatchInfo w) =>
        new(w.Name, w.Source, w.Pattern, w.SettleSeconds, w.Kind, w.CreatedAt, w.FilesSeen, w.VersionsEnqueued);

    private static async Task<IResult> AddAsync(HttpRequest http, WatchAdmission admission, IWorkStore store, IGrainFactory grains,
        ILoggerFactory loggers, CancellationToken ct)
    {
        // Read here rather than bound by the framework, whose refusal of malformed JSON is a 400 that does not say why.
        if (!http.HasJsonContentType())
            return ApiProblems.UnsupportedMediaType($"send the watch as application/json (got {http.ContentType ?? "no Content-Type"})");
        WatchRequest? request;
        try
        {
            request = await http.ReadFromJsonAsync<WatchRequest>(ApiJson.Options, ct);
        }
        catch (JsonException e)
        {
            return ApiProblems.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
        if (request is null) return ApiProblems.BadRequest("the request body is not valid JSON: give a watch object, not null");
        if (string.IsNullOrWhiteSpace(request.Source)) return ApiProblems.BadRequest("source: give the directory to watch");
        if (request.Spec is null) return ApiProblems.BadRequest("spec: give the job spec template (YAML or JSON text)");
        if (request.Spec.Length > RunEndpoints.MaxSpecBytes)
            return ApiProblems.TooLarge($"a spec template may have at most {RunEndpoints.MaxSpecBytes} characters");
        WatchDefinition definition;
        try
        {
            definition = admission.Admit(request.Name, request.Source, request.Pattern,
                request.SettleSeconds ?? WatchRequest.DefaultSettleSeconds, request.Spec);
        }
        catch (JobSpecException e)
        {
            return ApiProblems.InvalidSpec(e.Errors.Select(x => new FieldError(x.Field, x.Line, x.Message)).ToList());
        }
        var refusal = await grains.GetGrain<IWatchGrain>(definition.Name).AddAsync(new WatchDefinitionMessage(definition.Source,
            definition.Pattern, definition.SettleSeconds, definition.Kind, definition.SpecJson, definition.Priority,
            definition.MaxAttempts, definition.LeaseSeconds, definition.Sample));
        if (refusal is not null) return ApiProblems.Conflict(refusal);
        var added = (await store.ListWatchesAsync(ct)).Single(w => w.Name == definition.Name);
        loggers.CreateLogger(typeof(WatchEndpoints)).LogInformation("Watch {Watch} added: {Source} {Pattern}, settle {Settle} s, kind {Kind}",
            added.Name, added.Source, added.Pattern, added.SettleSeconds, added.Kind);
        return TypedResults.Created($"/api/watches/{Uri.EscapeDataString(added.Name)}", Status(added));
    }

    private static async Task<IResult> ListAsync(IWorkStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListWatchesAsync(ct)).Select(Status).ToList());

    private static async Task<IResult> RemoveAsync(IGrainFactory grains, ILoggerFactory loggers, string name, CancellationToken ct)
    {
        if (!await grains.GetGrain<IWatchGrain>(name).RemoveAsync()) return ApiProblems.NotFound($"no watch named '{name}'");
        loggers.CreateLogger(typeof(WatchEndpoints)).LogInformation("Watch {Watch} removed; its run finishes with the items it has", name);
        return TypedResults.NoContent();
    }
}
