using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace Cluster.Orchestrator.Tests;

public sealed class HealthAndOpenApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    public async Task Probes_answer_healthy(string path)
    {
        var response = await Server.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_fails_with_a_problem_when_the_store_is_gone()
    {
        await using var server = await OrchestratorServer.StartAsync();
        // Closing the pooled connections and putting a directory where the database was: every later open fails.
        // The scheduler keeps using the store meanwhile and may recreate the file between delete and create: retry.
        await server.Store.DisposeAsync();
        for (var attempt = 1; !Directory.Exists(server.DatabasePath); attempt++)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(server.DatabasePath + suffix);
            try
            {
                Directory.CreateDirectory(server.DatabasePath);
            }
            catch (IOException) when (attempt < 50)
            {
                // Recreated by a scheduler tick: delete again.
            }
        }

        var ready = await server.Http.GetAsync("readyz");
        var alive = await server.Http.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("application/problem+json", ready.Content.Headers.ContentType?.MediaType);
        Assert.Contains("work_store: the work store does not answer", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Every_mapped_route_is_described_in_openapi_and_nothing_else()
    {
        var document = await Server.Client().OpenApiDocumentAsync();
        var described = new HashSet<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
            foreach (var (method, _) in operations!.AsObject())
                described.Add($"{method.ToUpperInvariant()} {path}");

        var mapped = new HashSet<string>();
        foreach (var endpoint in ((IEndpointRouteBuilder)Server.App).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            // An endpoint without method metadata answers every method: "*" is in no document, so it fails the comparison.
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
                mapped.Add($"{method} {endpoint.RoutePattern.RawText}");
        }

        Assert.Equal(24, mapped.Count);
        Assert.Equal(mapped.Order(), described.Order());
        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
    }

    [Fact]
    public async Task Openapi_schemas_are_3_0_and_name_the_wire_fields()
    {
        var document = await Server.Client().OpenApiDocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var run = schemas["RunStatus"]!["properties"]!.AsObject();
        Assert.Contains("eta_seconds", run.Select(p => p.Key));
        Assert.Contains("finished_at", run.Select(p => p.Key));
        Assert.Equal("string", run["finished_at"]!["type"]!.GetValue<string>());
        Assert.True(run["finished_at"]!["nullable"]!.GetValue<bool>());
        var states = run["state"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>());
        Assert.Contains("completed_with_errors", states);
        Assert.Contains("last_index", schemas["ProgressDocument"]!["properties"]!.AsObject().Select(p => p.Key));

        // OpenAPI 3.0 has no type arrays and no boolean schemas: none may be left anywhere.
        var text = document.ToJsonString();
        foreach (var node in Descendants(document))
        {
            if (node is JsonObject o && o["type"] is JsonArray)
                Assert.Fail($"type array left in {o.ToJsonString()}");
        }
        Assert.DoesNotContain("\"schema\":true", text);

        // Every $ref resolves.
        foreach (var node in Descendants(document).OfType<JsonObject>())
        {
            if (node["$ref"] is JsonNode reference)
                Assert.True(schemas.ContainsKey(reference.GetValue<string>().Split('/')[^1]), reference.GetValue<string>());
        }
        // Changes are marked as needing the bearer token.
        Assert.Equal("bearer", document["paths"]!["/api/runs"]!["post"]!["security"]![0]!.AsObject().Single().Key);
        Assert.True(document["paths"]!["/api/runs/{name}/cancel"]!["post"]!["responses"]!.AsObject().ContainsKey("401"));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var d in Descendants(child))
                yield return d;
    }
}
