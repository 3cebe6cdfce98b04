using System.Net;
using System.Net.Http.Json;
using Cluster.Client;
using Cluster.Client.Models;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// Changes need <c>Authorization: Bearer</c> with a configured token; reads are open unless configured otherwise. That
/// every change listed in /openapi.json is refused without the token is <see cref="OpenApiAuthenticationTests"/>.
/// </summary>
public sealed class AuthenticationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Spec = "name: auth-run\nkind: checksum\ninput:\n  directory: data\n";
    private OrchestratorServer Server => fixture.Server;

    [Fact]
    public async Task Missing_token_is_401_with_bearer_challenge()
    {
        var response = await Server.PostSpecAsync(Spec, token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Null(response.Headers.WwwAuthenticate.Single().Parameter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.Equal(401, problem!.Status);
        Assert.Contains("CLUSTER_TOKEN", problem.Detail);
    }

    [Fact]
    public async Task Wrong_token_is_401_invalid_token()
    {
        var response = await Server.PostSpecAsync(Spec, token: OrchestratorServer.Token + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal("error=\"invalid_token\"", challenge.Parameter);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.Equal("the bearer token is not valid", problem!.Detail);
        Assert.Null(await Server.Store.GetRunAsync("auth-run"));
    }

    [Fact]
    public async Task Right_token_is_201_and_the_client_sends_it()
    {
        Assert.Equal(HttpStatusCode.Created, (await Server.PostSpecAsync(Spec)).StatusCode);

        var anonymous = await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client(token: null).CancelAsync("auth-run"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(Core.Work.RunState.Cancelled, (await Server.Client().CancelAsync("auth-run")).State);
    }

    [Fact]
    public async Task Reads_are_open_by_default()
    {
        var response = await Server.Http.GetAsync("api/runs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_configured_tokens_every_change_is_refused()
    {
        await using var server = await OrchestratorServer.StartAsync(o => o.Tokens = []);

        var response = await server.PostSpecAsync(Spec, token: "anything");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.Contains("no API tokens configured", problem!.Detail);
    }

    [Fact]
    public async Task Token_file_tokens_work_and_reads_can_require_a_token()
    {
        var tokenFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(tokenFile, "# operators\nfile-token-1\n\n  file-token-2  \n");
            await using var server = await OrchestratorServer.StartAsync(o =>
            {
                o.Tokens = [];
                o.TokenFile = tokenFile;
                o.ReadRequiresToken = true;
            });

            Assert.Equal(HttpStatusCode.Created, (await server.PostSpecAsync(Spec, token: "file-token-2")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.PostSpecAsync(Spec, token: "# operators")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.GetAsync("api/runs")).StatusCode);
            Assert.Equal("auth-run", (await server.Client("file-token-1").GetRunAsync("auth-run")).Name);
            // Probes stay open for the orchestrator's health checks.
            Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("readyz")).StatusCode);
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
