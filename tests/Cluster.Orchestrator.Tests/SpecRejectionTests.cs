using System.Net;
using System.Net.Http.Json;
using Cluster.Client;
using Cluster.Client.Models;

namespace Cluster.Orchestrator.Tests;

/// <summary>A bad spec is a 400 problem naming each field and its line; nothing is stored.</summary>
public sealed class SpecRejectionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    public static TheoryData<string, string, string, int, string> BadSpecs => new()
    {
        { "yaml syntax", "name: bad-yaml\nkind: checksum\ninput:\n  directory: data\n   glob: x\n", "spec", 5, "not valid YAML or JSON" },
        { "unclosed bracket", "name: bad-yaml\nkind: checksum\ninput: [data\nparams: {}\n", "spec", 0, "not valid YAML or JSON" },
        { "unknown kind", "name: bad-kind\nkind: nope\ninput:\n  directory: data\n", "kind", 2, "unknown kind 'nope'" },
        { "missing input", "name: no-input\nkind: checksum\n", "input", 0, "is required" },
        { "wrong type", "name: bad-type\nkind: iq-spectrogram\ninput:\n  directory: data\nparams:\n  lframes: abc\n", "params.lframes", 6, "must be a whole number (got \"abc\")" },
        { "negative", "name: bad-navg\nkind: iq-spectrogram\ninput:\n  directory: data\nparams:\n  n_avg: -1\n", "params.n_avg", 6, "-1" },
        { "outside roots", "name: outside\nkind: checksum\ninput:\n  directory: /etc\n", "input.directory", 4, "/etc is outside the input roots" },
        { "climbs out", "name: climbs\nkind: checksum\ninput:\n  glob: '*'\n  directory: ../..\n", "input.directory", 5, "../.. is outside the input roots" },
        { "listed item outside", "name: item-out\nkind: checksum\ninput:\n  directory: data\n  items:\n    - a.dat\n    - ../../../etc/passwd\n", "input.items[1]", 7, "is outside the input roots" },
        { "missing directory", "name: no-dir\nkind: checksum\ninput:\n  directory: nowhere\n", "input.directory", 4, "does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task Bad_spec_is_400_with_field_and_line(string why, string spec, string field, int line, string message)
    {
        var response = await Server.PostSpecAsync(spec);

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.Equal("Invalid job spec", problem!.Title);
        Assert.Equal(400, problem.Status);
        var error = Assert.Single(problem.Errors!);
        Assert.Equal(field, error.Field);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
        Assert.Equal(error.ToString(), problem.Detail);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_and_the_client_exposes_them()
    {
        const string spec = "name: many\nkind: iq-spectrogram\ninput:\n  directory: data\nparams:\n  lframes: abc\n  n_avg: -1\n  colour: red\n";

        var e = await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client().SubmitAsync(spec));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal(["params.colour", "params.lframes", "params.n_avg"], e.Errors.Select(x => x.Field).Order(StringComparer.Ordinal));
        Assert.Equal([6, 7, 8], e.Errors.Select(x => x.Line).Order());
        Assert.Equal(string.Join(Environment.NewLine, e.Errors), e.Problem.Detail);
        await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client().GetRunAsync("many"));
    }

    [Fact]
    public async Task Path_problems_are_reported_together_with_parameter_problems()
    {
        const string spec = "name: both\nkind: iq-spectrogram\ninput:\n  directory: ../../..\nparams:\n  lframes: abc\n";

        var e = await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client().SubmitAsync(spec));

        Assert.Equal([("input.directory", 4), ("params.lframes", 6)], e.Errors.Select(x => (x.Field, x.Line)).Order());
    }
}
