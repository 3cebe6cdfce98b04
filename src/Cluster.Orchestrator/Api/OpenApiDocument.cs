using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Api;

/// <summary>
/// The OpenAPI 3.0 description served at <c>/openapi.json</c>. Paths are written here by hand (no OpenAPI package is
/// available; a test checks that every mapped route is described); the schemas are exported from the very model
/// types and serializer options the API uses, so they cannot drift from the wire format.
/// </summary>
public static class OpenApiDocument
{
    private static readonly (string Name, Type Type)[] Models =
    [
        ("RunStatus", typeof(RunStatus)),
        ("SubmitResponse", typeof(SubmitResponse)),
        ("RetryResponse", typeof(RetryResponse)),
        ("ItemPage", typeof(ItemPage)),
        ("ItemLogLine", typeof(ItemLogLine)),
        ("ProgressDocument", typeof(ProgressDocument)),
        ("ArtifactInfo", typeof(ArtifactInfo)),
        ("WorkerStatus", typeof(WorkerStatus)),
        ("SiloStatus", typeof(Client.Models.SiloStatus)),
        ("WatchRequest", typeof(WatchRequest)),
        ("WatchStatus", typeof(WatchStatus)),
        ("WatchQuickLook", typeof(WatchQuickLook)),
        ("RunsEvent", typeof(RunsEvent)),
        ("WorkersEvent", typeof(WorkersEvent)),
        ("WatchesEvent", typeof(WatchesEvent)),
        ("HealthStatus", typeof(HealthStatus)),
        ("Problem", typeof(ApiProblem)),
    ];

    public static JsonObject Create(string version)
    {
        var runName = PathParameter("name", "The run's name");
        var paths = new JsonObject
        {
            ["/api/runs"] = new JsonObject
            {
                ["post"] = Operation("submitRun", "Submit a job spec: creates the run, or resumes the run of that name",
                    [Query("ignore_progress", "boolean", "Start over: every item is processed again")],
                    Created("SubmitResponse"), mutates: true, body: SpecBody(), errors: [400, 409, 413, 415]),
                ["get"] = Operation("listRuns", "Runs, newest first, filtered by state, kind, sample and creation time",
                    [Query("state", "string", "Only runs in this state (pending, running, succeeded, completed_with_errors, failed, cancelled)"),
                     Query("kind", "string", "Only runs of this job kind"),
                     Query("sample", "string", "Only runs of this sample (the spec's sample, or a catalog input's sample filter)"),
                     Query("since", "string", "Only runs created at or after this ISO 8601 time"),
                     Query("until", "string", "Only runs created before this ISO 8601 time"),
                     Query("limit", "integer", "At most this many (1-1000, default 100)")],
                    Ok(ArrayOf("RunStatus")), errors: [400]),
            },
            ["/api/runs/{name}"] = new JsonObject
            {
                ["get"] = Operation("getRun", "A run with its item counts, rate and ETA", [runName], Ok(Ref("RunStatus")), errors: [404]),
            },
            ["/api/runs/{name}/items"] = new JsonObject
            {
                ["get"] = Operation("listItems", "The run's items in input order",
                    [runName, Query("state", "string", "Only items in this state (pending, leased, done, error, no_data, cancelled)"),
                     Query("search", "string", "Only items whose key contains this text"),
                     Query("offset", "integer", "Items to skip (default 0)"),
                     Query("limit", "integer", "At most this many (1-1000, default 100)")],
                    Ok(Ref("ItemPage")), errors: [400, 404]),
            },
            ["/api/runs/{name}/log"] = new JsonObject
            {
                ["get"] = Operation("itemLog", "One item's log, oldest first, with the full text of failures",
                    [runName, Query("key", "string", "The item's key", required: true)], Ok(ArrayOf("ItemLogLine")), errors: [400, 404]),
            },
            ["/api/runs/{name}/progress"] = new JsonObject
            {
                ["get"] = Operation("progress", "The run's progress document (completed_items, errors, no_data, last_index)",
                    [runName], Ok(Ref("ProgressDocument")), errors: [404]),
            },
            ["/api/runs/{name}/artifacts"] = new JsonObject
            {
                ["get"] = Operation("listArtifacts", "The run's artifacts with size and SHA-256",
                    [runName, Query("item", "string", "Only this item's artifacts (empty: run-level artifacts; an item the run does not have: 404)")],
                    Ok(ArrayOf("ArtifactInfo")), errors: [404]),
            },
            ["/api/runs/{name}/artifacts/content"] = new JsonObject
            {
                ["get"] = Operation("artifactContent",
                    "The bytes of one artifact, streamed from the artifact store and checked against the recorded SHA-256",
                    [runName, Query("item", "string", "The item's key (empty or absent: run-level)"),
                     Query("name", "string", "The artifact's name", required: true),
                     Query("redirect", "boolean", "true: answer 302 to a presigned URL when the store can make one")],
                    new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "The artifact, with its recorded media type",
                            ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } } },
                        },
                        ["302"] = new JsonObject { ["description"] = "Redirect to a presigned URL of the object store (redirect=true)" },
                    }, errors: [400, 404]),
            },
            ["/api/runs/{name}/cancel"] = new JsonObject
            {
                ["post"] = Operation("cancelRun", "Cancel a pending or running run: pending items become cancelled",
                    [runName], Ok(Ref("RunStatus")), mutates: true, errors: [404, 409]),
            },
            ["/api/runs/{name}/resume"] = new JsonObject
            {
                ["post"] = Operation("resumeRun", "Resume a cancelled run: cancelled items become pending",
                    [runName], Ok(Ref("RunStatus")), mutates: true, errors: [404, 409]),
            },
            ["/api/runs/{name}/retry"] = new JsonObject
            {
                ["post"] = Operation("retryRun", "Requeue the run's items in error, attempts reset",
                    [runName], Ok(Ref("RetryResponse")), mutates: true, errors: [404, 409]),
            },
            ["/api/workers"] = new JsonObject
            {
                ["get"] = Operation("listWorkers", "Workers with a heartbeat in the last 30 seconds", [], Ok(ArrayOf("WorkerStatus"))),
            },
            ["/api/silos"] = new JsonObject
            {
                ["get"] = Operation("listSilos", "The cluster's silos (Orleans membership): role, status, worker slots and load, activations; dead ones for 15 minutes",
                    [], Ok(ArrayOf("SiloStatus"))),
            },
            ["/api/watches"] = new JsonObject
            {
                ["post"] = Operation("addWatch", "Watch a server directory: each matching file is processed once it settled, again when it changes",
                    [], Response("201", "Created", Ref("WatchStatus")), mutates: true, body: JsonBody("WatchRequest"), errors: [400, 409, 413]),
                ["get"] = Operation("listWatches", "Watches by name with files seen and versions enqueued", [], Ok(ArrayOf("WatchStatus"))),
            },
            ["/api/watches/{name}"] = new JsonObject
            {
                ["delete"] = Operation("removeWatch", "Stop watching; the watch's run finishes with the items it has",
                    [PathParameter("name", "The watch's name")], new JsonObject { ["204"] = new JsonObject { ["description"] = "Removed" } },
                    mutates: true, errors: [404]),
            },
            ["/api/watches/quicklooks"] = new JsonObject
            {
                ["get"] = Operation("watchQuickLooks", "Every watch with its run's state and counts and its newest PNG figure (null until one exists)",
                    [], Ok(ArrayOf("WatchQuickLook"))),
            },
            ["/api/events"] = new JsonObject
            {
                ["get"] = Operation("events",
                    "Server-sent events for live pages: 'runs' (RunsEvent: the newest 200 runs, without spec), 'workers' (WorkersEvent) and " +
                    "'watches' (WatchesEvent), each on connect and again whenever it changed (checked every second); a ': keep-alive' " +
                    "comment when nothing changed for 15 s. Each data line is one JSON object with the server time 'at'.",
                    [], new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "An endless text/event-stream; the schemas of the three events are RunsEvent, WorkersEvent and WatchesEvent",
                            ["content"] = new JsonObject { ["text/event-stream"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                        },
                    }),
            },
            ["/"] = new JsonObject
            {
                ["get"] = Operation("dashboard", "The dashboard page (runs, run, watches, workers); its data comes from this API in the browser",
                    [], HtmlOk("text/html"), isPublic: true),
            },
            ["/dashboard/{file}"] = new JsonObject
            {
                ["get"] = Operation("dashboardAsset", "A static file of the dashboard (CSS, JavaScript module)",
                    [PathParameter("file", "The file's name, e.g. app.js")], HtmlOk("text/javascript"), errors: [404], isPublic: true),
            },
            ["/healthz"] = new JsonObject
            {
                ["get"] = Operation("alive", "Liveness: the process answers", [], Ok(Ref("HealthStatus")), isPublic: true),
            },
            ["/readyz"] = new JsonObject
            {
                ["get"] = Operation("ready", "Readiness: the work store answers", [], Ok(Ref("HealthStatus")), errors: [503], isPublic: true),
            },
            ["/metrics"] = new JsonObject
            {
                ["get"] = Operation("metrics", "Cluster metrics in the Prometheus text exposition format 0.0.4 (docs/operations.md lists them)", [],
                    new JsonObject
                    {
                        ["200"] = new JsonObject
                        {
                            ["description"] = "Metric families",
                            ["content"] = new JsonObject { ["text/plain"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
                        },
                    }, errors: [503], isPublic: true),
            },
            ["/openapi.json"] = new JsonObject
            {
                ["get"] = Operation("openapi", "This document", [], Ok(new JsonObject { ["type"] = "object" }), isPublic: true),
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Cluster orchestrator API",
                ["version"] = version,
                ["description"] = "Runs, items, artifacts and workers of the processing cluster. JSON bodies use snake_case; " +
                                  "every error is an RFC 7807 problem document (application/problem+json).",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Schemas(),
                ["securitySchemes"] = new JsonObject { ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" } },
            },
        };
    }

    private static JsonObject Schemas()
    {
        var exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = (_, schema) => ToOpenApi30(schema) };
        var schemas = new JsonObject();
        foreach (var (name, type) in Models)
            schemas[name] = ApiJson.Options.GetJsonSchemaAsNode(type, exporter);
        return schemas;
    }

    /// <summary>JSON Schema 2020-12 as exported -> OpenAPI 3.0: <c>type: [t, "null"]</c> becomes <c>type: t, nullable: true</c>; <c>true</c> becomes <c>{}</c>.</summary>
    private static JsonNode ToOpenApi30(JsonNode schema)
    {
        if (schema is not JsonObject obj) return new JsonObject();
        if (obj["type"] is JsonArray types)
        {
            var named = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            if (named.Count < types.Count) obj["nullable"] = true;
            if (named.Count == 1) obj["type"] = named[0];
            else obj.Remove("type");
        }
        if (obj["enum"] is JsonArray values && values.Any(v => v is null))
        {
            obj["enum"] = new JsonArray(values.Where(v => v is not null).Select(v => v!.DeepClone()).ToArray());
            obj["nullable"] = true;
        }
        return obj;
    }

    private static JsonObject Operation(string id, string summary, JsonObject[] parameters, JsonObject responses, bool mutates = false,
        JsonObject? body = null, int[]? errors = null, bool isPublic = false)
    {
        var all = (errors ?? []).ToList();
        if (mutates) all.Add(401);
        all.Add(500);
        foreach (var status in all.Distinct().Order())
            responses[status.ToString()] = ProblemResponse(status);
        var operation = new JsonObject
        {
            ["operationId"] = id,
            ["summary"] = summary,
            ["parameters"] = new JsonArray(parameters.Select(p => (JsonNode)p.DeepClone()).ToArray()),
            ["responses"] = responses,
        };
        if (body is not null) operation["requestBody"] = body;
        // Reads need the token only when the server sets ReadRequiresToken; changes always do.
        operation["security"] = mutates ? new JsonArray(new JsonObject { ["bearer"] = new JsonArray() })
            : isPublic ? new JsonArray()
            : new JsonArray(new JsonObject(), new JsonObject { ["bearer"] = new JsonArray() });
        return operation;
    }

    private static JsonObject SpecBody()
    {
        var text = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } };
        return new JsonObject
        {
            ["required"] = true,
            ["description"] = "The job spec (name, kind, input, params, outputs) as YAML or JSON, at most 1 MiB. " +
                              "A relative input.directory is resolved against the server's first input root.",
            ["content"] = new JsonObject
            {
                ["application/yaml"] = text.DeepClone(),
                ["text/yaml"] = text.DeepClone(),
                ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } },
                ["text/plain"] = text.DeepClone(),
            },
        };
    }

    private static JsonObject JsonBody(string model) => new()
    {
        ["required"] = true,
        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(model) } },
    };

    private static JsonObject Ok(JsonObject schema) => Response("200", "OK", schema);

    private static JsonObject HtmlOk(string mediaType) => new()
    {
        ["200"] = new JsonObject
        {
            ["description"] = "OK (no token needed: the files hold neither data nor secrets)",
            ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } } },
        },
    };

    private static JsonObject Created(string model) => Response("201", "Created (see outcome: created, resumed or restarted)", Ref(model));

    private static JsonObject Response(string status, string description, JsonObject schema) => new()
    {
        [status] = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = schema } },
        },
    };

    private static JsonObject ProblemResponse(int status) => new()
    {
        ["description"] = status switch
        {
            400 => "Bad request; for a job spec, errors lists every field with its line",
            401 => "Missing or wrong bearer token (WWW-Authenticate: Bearer)",
            404 => "No such run, item, artifact, watch or dashboard file",
            409 => "The run's state does not allow this, or the name is taken",
            413 => "The body is too large",
            415 => "Unsupported Content-Type",
            503 => "The work store does not answer",
            _ => "Server error",
        },
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = Ref("Problem") } },
    };

    private static JsonObject Ref(string model) => new() { ["$ref"] = $"#/components/schemas/{model}" };

    private static JsonObject ArrayOf(string model) => new() { ["type"] = "array", ["items"] = Ref(model) };

    private static JsonObject PathParameter(string name, string description) => new()
    {
        ["name"] = name, ["in"] = "path", ["required"] = true, ["description"] = description, ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static JsonObject Query(string name, string type, string description, bool required = false) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = required, ["description"] = description, ["schema"] = new JsonObject { ["type"] = type },
    };
}
