using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Tests;

/// <summary>Submitting specs as YAML and JSON; the scheduler expands them into items in input order. No worker runs here.</summary>
public sealed class SubmissionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    [Fact]
    public async Task Yaml_spec_is_created_and_expanded_in_sorted_key_order()
    {
        var response = await Server.PostSpecAsync("""
            name: yaml-run
            kind: checksum
            input:
              directory: data
              glob: "*.dat"
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/runs/yaml-run", response.Headers.Location?.OriginalString);
        var body = await response.Content.ReadFromJsonAsync<SubmitResponse>(ApiJson.Options);
        Assert.Equal(SubmitOutcome.Created, body!.Outcome);
        Assert.Equal("yaml-run", body.Run.Name);
        Assert.Equal("checksum", body.Run.Kind);
        // The relative directory was resolved against the first input root and stored that way.
        Assert.Equal(Server.DataDirectory, body.Run.Spec!["input"]!["directory"]!.GetValue<string>());

        var run = await Server.WaitForRunAsync("yaml-run", r => r.State == RunState.Running);
        Assert.Equal(3, run.Total);
        var items = await Server.Client().ListItemsAsync("yaml-run");
        Assert.Equal(["a.dat", "b.dat", "c.dat"], items.Items.Select(i => i.Key));
        Assert.Equal([0L, 1, 2], items.Items.Select(i => i.Index));
        Assert.All(items.Items, i => Assert.Equal(ItemState.Pending, i.State));
    }

    [Fact]
    public async Task Json_spec_with_listed_items_keeps_the_listed_order()
    {
        var response = await Server.PostSpecAsync("""
            {"name": "json-run", "kind": "checksum", "input": {"directory": "data", "items": ["c.dat", "a.dat"]}, "priority": 5}
            """, "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<SubmitResponse>(ApiJson.Options);
        Assert.Equal(5, body!.Run.Priority);
        await Server.WaitForRunAsync("json-run", r => r.Total == 2);
        var items = await Server.Client().ListItemsAsync("json-run");
        Assert.Equal(["c.dat", "a.dat"], items.Items.Select(i => i.Key));
        Assert.Equal([0L, 1], items.Items.Select(i => i.Index));
    }

    [Fact]
    public async Task Wire_format_is_snake_case_with_snake_case_states()
    {
        await Server.Client().SubmitAsync("{\"name\": \"wire-run\", \"kind\": \"checksum\", \"input\": {\"directory\": \"data\"}}",
            mediaType: "application/json");
        await Server.WaitForRunAsync("wire-run", r => r.State == RunState.Running);

        using var document = JsonDocument.Parse(await Server.Http.GetStringAsync("api/runs/wire-run"));
        var root = document.RootElement;
        Assert.Equal("running", root.GetProperty("state").GetString());
        Assert.Equal(4, root.GetProperty("total").GetInt64()); // a, b, c .dat and notes.txt: the default glob is *
        Assert.Equal(4, root.GetProperty("counts").GetProperty("pending").GetInt64());
        Assert.Equal(0, root.GetProperty("counts").GetProperty("no_data").GetInt64());
        Assert.Equal(3, root.GetProperty("max_attempts").GetInt32());
        Assert.Equal(JsonValueKind.String, root.GetProperty("started_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("finished_at").ValueKind);
    }

    [Fact]
    public async Task Resubmitting_resumes_and_ignore_progress_restarts()
    {
        const string spec = "name: again\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n";
        var client = Server.Client();
        Assert.Equal(SubmitOutcome.Created, (await client.SubmitAsync(spec)).Outcome);
        Assert.Equal(SubmitOutcome.Resumed, (await client.SubmitAsync(spec)).Outcome);
        Assert.Equal(SubmitOutcome.Restarted, (await client.SubmitAsync(spec, ignoreProgress: true)).Outcome);
    }

    [Fact]
    public async Task Resubmitting_a_name_under_another_kind_is_a_conflict()
    {
        await Server.Client().SubmitAsync("name: kind-clash\nkind: checksum\ninput:\n  directory: data\n");
        var e = await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client().SubmitAsync(
            "name: kind-clash\nkind: iq-spectrogram\ninput:\n  directory: data\n"));
        Assert.Equal(HttpStatusCode.Conflict, e.Status);
    }

    [Fact]
    public async Task Runs_list_is_newest_first_and_filters_by_kind_and_state()
    {
        var client = Server.Client();
        await client.SubmitAsync("name: list-1\nkind: checksum\ninput:\n  directory: data\n");
        await Task.Delay(20);
        await client.SubmitAsync("name: list-2\nkind: checksum\ninput:\n  directory: data\n");
        await client.CancelAsync("list-2");

        var all = await client.ListRunsAsync(kind: "checksum");
        var names = all.Select(r => r.Name).ToList();
        Assert.True(names.IndexOf("list-2") < names.IndexOf("list-1"), string.Join(", ", names));
        Assert.Empty(await client.ListRunsAsync(kind: "iq-spectrogram"));
        var cancelled = await client.ListRunsAsync(state: RunState.Cancelled);
        Assert.Contains(cancelled, r => r.Name == "list-2");
        Assert.DoesNotContain(cancelled, r => r.Name == "list-1");
        Assert.Single(await client.ListRunsAsync(limit: 1));
    }

    [Fact]
    public async Task Runs_list_filters_by_sample_and_creation_time()
    {
        var client = Server.Client();
        var first = await client.SubmitAsync("name: sample-1\nkind: checksum\nsample: PS-17\ninput:\n  directory: data\n");
        await Task.Delay(20);
        var second = await client.SubmitAsync("name: sample-2\nkind: checksum\nsample: PS-17\ninput:\n  directory: data\n");
        await client.SubmitAsync("name: sample-3\nkind: checksum\nsample: PMMA-2\ninput:\n  directory: data\n");

        Assert.Equal(["sample-2", "sample-1"], (await client.ListRunsAsync(sample: "PS-17")).Select(r => r.Name));
        Assert.Equal(["sample-2"], (await client.ListRunsAsync(sample: "PS-17", since: second.Run.CreatedAt)).Select(r => r.Name));
        Assert.Equal(["sample-1"], (await client.ListRunsAsync(sample: "PS-17", until: second.Run.CreatedAt)).Select(r => r.Name));
        Assert.Equal("PS-17", first.Run.Sample);

        var bad = await Server.Http.GetAsync("api/runs?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.StartsWith("since: not an ISO 8601 time", problem!.Detail);
    }

    [Fact]
    public async Task Unknown_run_and_unknown_state_are_problems()
    {
        var missing = await Assert.ThrowsAsync<ClusterApiException>(() => Server.Client().GetRunAsync("no-such-run"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("no run named 'no-such-run'", missing.Problem.Detail);

        var response = await Server.Http.GetAsync("api/runs?state=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options);
        Assert.StartsWith("state: unknown run state 'sleeping'", problem!.Detail);
    }

    [Fact]
    public async Task Unknown_route_and_malformed_query_are_problem_documents()
    {
        var route = await Server.Http.GetAsync("api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, route.StatusCode);
        Assert.Equal("application/problem+json", route.Content.Headers.ContentType?.MediaType);

        var query = await Server.Http.GetAsync("api/runs?limit=many");
        Assert.Equal(HttpStatusCode.BadRequest, query.StatusCode);
        Assert.Equal("application/problem+json", query.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_oversized_spec_is_413()
    {
        var form = await Server.PostSpecAsync("name: x", "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Contains("application/yaml", (await form.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options))!.Detail);

        var huge = await Server.PostSpecAsync("name: x\n#" + new string('y', Api.RunEndpoints.MaxSpecBytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }
}
