using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cluster.Client;
using Cluster.Client.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// The endpoints that need a token are taken from the server's own /openapi.json, not from a list kept in the test:
/// every change (POST, PUT, PATCH, DELETE) is sent without a token, with a wrong one and with another scheme, and must
/// be refused with a 401 problem document and change nothing. With <c>Cluster:ReadRequiresToken</c> every operation
/// not marked public must be refused the same way. That the document lists every mapped endpoint is checked by
/// <see cref="HealthAndOpenApiTests"/>; that every mapped change carries the authorization requirement, here.
/// </summary>
public sealed class OpenApiAuthenticationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly string[] ChangeMethods = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>Refused credentials: none, a wrong bearer token (the right one with a character more), another scheme.</summary>
    private static readonly (string What, AuthenticationHeaderValue? Header)[] Refused =
    [
        ("no token", null),
        ("a wrong token", new AuthenticationHeaderValue("Bearer", OrchestratorServer.Token + "x")),
        ("Basic credentials", new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:" + OrchestratorServer.Token)))),
    ];

    [Fact]
    public async Task Every_change_in_the_openapi_document_is_refused_without_the_right_token_and_changes_nothing()
    {
        var server = fixture.Server;
        var operations = Operations(await ReadDocumentAsync(server.Http));
        var changes = operations.Where(o => ChangeMethods.Contains(o.Method)).ToList();
        // submit, cancel, resume, retry, add and remove a watch: the count moves when an endpoint is added.
        Assert.Equal(6, changes.Count);

        foreach (var change in changes)
        {
            // The document says so too: the bearer scheme is the only way in, and 401 is a documented answer.
            Assert.True(IsBearerOnly(change.Operation), $"{change}: security must be [{{bearer: []}}]");
            Assert.NotNull(change.Operation["responses"]?["401"]);
            foreach (var (what, header) in Refused)
                await AssertRefusedAsync(server.Http, change, header, what);
        }
        Assert.Empty(await server.Store.ListRunsAsync(new Core.Work.RunQuery(), CancellationToken.None));
        Assert.Empty(await server.Store.ListWatchesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task With_reads_requiring_a_token_every_operation_not_marked_public_is_refused_without_it()
    {
        await using var server = await OrchestratorServer.StartAsync(o => o.ReadRequiresToken = true);
        var operations = Operations(await ReadDocumentAsync(server.Http));
        var guarded = operations.Where(o => !IsPublic(o.Operation)).ToList();
        var open = operations.Where(o => IsPublic(o.Operation)).ToList();
        Assert.Contains(guarded, o => o.Method == "GET" && o.Path == "/api/events");
        Assert.Equal(["/", "/dashboard/{file}", "/healthz", "/metrics", "/openapi.json", "/readyz"], open.Select(o => o.Path).Order(StringComparer.Ordinal));

        foreach (var operation in guarded)
            foreach (var (what, header) in Refused)
                await AssertRefusedAsync(server.Http, operation, header, what);
        // What the document calls public answers without a token (the probes, /metrics, the dashboard's files).
        foreach (var operation in open)
        {
            using var response = await server.Http.SendAsync(Request(operation, null));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {(int)response.StatusCode} without a token");
        }
        // And the right token opens the guarded reads (a run that does not exist is a 404, not a 401).
        using var withToken = Request(operations.Single(o => o.Method == "GET" && o.Path == "/api/runs/{name}"), new("Bearer", OrchestratorServer.Token));
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.SendAsync(withToken)).StatusCode);
    }

    [Fact]
    public void Every_mapped_change_requires_authorization_and_none_allows_anonymous_access()
    {
        var endpoints = ((IEndpointRouteBuilder)fixture.Server.App).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().ToList();
        var changes = endpoints
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => ChangeMethods.Contains(m)) ?? true)
            .ToList();

        Assert.Equal(6, changes.Count);
        Assert.All(changes, endpoint =>
        {
            Assert.True(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0, $"{endpoint.DisplayName}: no RequireAuthorization");
            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
        });
    }

    private static async Task AssertRefusedAsync(HttpClient http, ApiOperation operation, AuthenticationHeaderValue? header, string what)
    {
        using var response = await http.SendAsync(Request(operation, header));
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
            $"{operation} with {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.Equal((401, "Unauthorized"), (problem!.Status, problem.Title));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), $"{operation}: the problem says nothing");
        // The refusal never echoes what was sent.
        Assert.DoesNotContain(OrchestratorServer.Token, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// The operation as a client would send it: path parameters filled, required query parameters given, and a
    /// well-formed body (a spec, a watch of the data directory), so the refusal cannot come from a malformed request.
    /// </summary>
    private static HttpRequestMessage Request(ApiOperation operation, AuthenticationHeaderValue? header)
    {
        var path = operation.Path;
        var query = new List<string>();
        foreach (var parameter in operation.Operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var value = name == "file" ? "app.js" : "probe";
            if (parameter["in"]!.GetValue<string>() == "path") path = path.Replace($"{{{name}}}", value);
            else if (parameter["required"]?.GetValue<bool>() == true) query.Add($"{name}={value}");
        }
        Assert.DoesNotContain("{", path);
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path.TrimStart('/') + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (operation.Operation["requestBody"]?["content"]?.AsObject() is { } content)
        {
            const string spec = "name: probe\nkind: checksum\ninput:\n  directory: data\n";
            request.Content = content.ContainsKey("application/yaml")
                ? new StringContent(spec, Encoding.UTF8, "application/yaml")
                : JsonContent.Create(new WatchRequest("probe", "data", "*.dat", 1, "kind: checksum\n"), options: ApiJson.Options);
        }
        request.Headers.Authorization = header;
        return request;
    }

    private static async Task<JsonObject> ReadDocumentAsync(HttpClient http)
    {
        using var response = await http.GetAsync("openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static List<ApiOperation> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => new ApiOperation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())))
            .ToList();

    private static bool IsBearerOnly(JsonObject operation) =>
        operation["security"] is JsonArray { Count: 1 } security && security[0]!.AsObject().Select(s => s.Key).SequenceEqual(["bearer"]);

    /// <summary><c>security: []</c>: no credentials at all.</summary>
    private static bool IsPublic(JsonObject operation) => operation["security"] is JsonArray { Count: 0 };

    private sealed record ApiOperation(string Method, string Path, JsonObject Operation)
    {
        public override string ToString() => $"{Method} {Path}";
    }
}
