using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text;
using Cluster.Client;
using Cluster.Client.Models;
using Cluster.Core.Work;

namespace Cluster.Orchestrator.Tests;

/// <summary>
/// Requests meant to hurt the orchestrator (alias bombs, absurd nesting, endless bodies, encoded traversal, links out
/// of the input root) are refused with a problem document naming the field, and the server keeps serving.
/// </summary>
public sealed class HostileRequestTests(WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>
{
    private OrchestratorServer Server => fixture.Server;

    private static async Task<ApiProblem> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ApiProblem>(ApiJson.Options))!;
    }

    private static async Task<FieldError> SpecErrorAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid job spec", problem.Title);
        return Assert.Single(problem.Errors!);
    }

    /// <summary>The server still answers: a refusal must not have cost it its process or its threads.</summary>
    private async Task AssertStillServingAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("healthz")).StatusCode);

    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("name: lol\nkind: checksum\ninput: {directory: data}\nsample: x\nparams:\n  lol0: &a0 \"lol\"\n");
        for (var level = 1; level <= 9; level++)
            yaml.Append($"  lol{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        return yaml.ToString();
    }

    [Fact]
    public async Task Yaml_alias_bomb_is_400_naming_the_first_alias_and_its_line()
    {
        var error = await SpecErrorAsync(await Server.PostSpecAsync(BillionLaughs()));

        Assert.Equal(new FieldError("spec", 7, "aliases (*a0) are not supported: write the value out"), error);
        await AssertStillServingAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("api/runs/lol")).StatusCode);
    }

    [Fact]
    public async Task Nesting_half_a_megabyte_deep_is_400_not_a_dead_server()
    {
        const int depth = 250_000;
        var spec = "name: deep\nkind: checksum\ninput: {directory: data}\nparams:\n  x: " + new string('[', depth) + new string(']', depth) + "\n";

        var error = await SpecErrorAsync(await Server.PostSpecAsync(spec));

        Assert.Equal(new FieldError("spec", 5, "nested deeper than 32 levels"), error);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Json_with_a_missing_comma_is_400_naming_the_line()
    {
        const string json = "{\n  \"name\": \"j\",\n  \"kind\": \"checksum\"\n  \"input\": {\"directory\": \"data\"}\n}\n";

        var error = await SpecErrorAsync(await Server.PostSpecAsync(json, "application/json"));

        Assert.Equal(("spec", 4), (error.Field, error.Line));
        Assert.StartsWith("not valid YAML or JSON", error.Message);
    }

    [Fact]
    public async Task Chunked_body_without_a_length_is_cut_off_at_the_limit_with_413()
    {
        // No Content-Length: the limit must hold while reading, not only when a length is announced. Whether the endpoint
        // reaches the spec limit first or Kestrel its request limit (it reads ahead of the endpoint) is a race: the same 413.
        var (answer, sent) = await SendEndlessChunkedBodyAsync("/api/runs", "application/yaml", "#");

        Assert.StartsWith("HTTP/1.1 413 ", answer.StatusLine);
        Assert.Contains("\"detail\":\"a job spec may have at most 1048576 bytes\"", answer.Body);
        Assert.True(sent < EndlessBytes / 4, $"the server took {sent} bytes");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Chunked_watch_body_without_a_length_is_413_at_the_request_limit()
    {
        var (answer, sent) = await SendEndlessChunkedBodyAsync("/api/watches", "application/json", "{\"name\": \"w\", \"spec\": \"");

        Assert.StartsWith("HTTP/1.1 413 ", answer.StatusLine);
        Assert.Contains($"\"detail\":\"a request body may have at most {OrchestratorOptions.DefaultMaxRequestBodyBytes} bytes (Cluster:MaxRequestBodyBytes)\"",
            answer.Body);
        Assert.True(sent < EndlessBytes / 4, $"the server took {sent} bytes");
        await AssertStillServingAsync();
    }

    private const long EndlessBytes = 256L << 20;

    /// <summary>
    /// Posts a chunked body that would go on for 256 MiB and returns the answer and the bytes sent until the server
    /// dropped the connection. A raw socket, because the server answers and drops the connection while the client is
    /// still sending, which HttpClient reports as a broken pipe instead of the answer.
    /// </summary>
    private async Task<((string StatusLine, string Body) Answer, long Sent)> SendEndlessChunkedBodyAsync(string path, string contentType,
        string opening)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Address.Host, Server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: test\r\n" +
            $"Authorization: Bearer {OrchestratorServer.Token}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\n\r\n"));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{opening.Length:x}\r\n{opening}\r\n"));
        var chunk = Encoding.ASCII.GetBytes($"{65_536:x}\r\n{new string('y', 65_536)}\r\n");
        long sent = 0;
        var sending = Task.Run(async () =>
        {
            try
            {
                for (; sent < EndlessBytes; sent += 65_536) await stream.WriteAsync(chunk);
            }
            catch (IOException)
            {
                // The server dropped the connection after its answer: what these tests expect.
            }
        });
        var answer = await ReadResponseAsync(stream);
        await sending;
        return (answer, sent);
    }

    /// <summary>Everything the server sends until it closes the connection (the answer, its body chunked).</summary>
    private static async Task<(string StatusLine, string Body)> ReadResponseAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(headEnd > 0, $"no complete response: {text}");
        return (text[..text.IndexOf("\r\n", StringComparison.Ordinal)], text[(headEnd + 4)..]);
    }

    [Fact]
    public async Task Watch_body_over_the_request_limit_is_413_before_it_is_read()
    {
        var huge = new WatchRequest("w", "data", null, 1, "kind: checksum\n#" + new string('x', OrchestratorOptions.DefaultMaxRequestBodyBytes));
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/watches") { Content = JsonContent.Create(huge, options: ApiJson.Options) };
        request.Headers.Authorization = new("Bearer", OrchestratorServer.Token);
        // As curl does for large bodies: the server answers before the body is sent, which shows it never reads it
        // (and spares the client a broken pipe when the server drops the connection after its answer).
        request.Headers.ExpectContinue = true;
        await request.Content!.LoadIntoBufferAsync();

        var problem = await ProblemAsync(await Server.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains($"{OrchestratorOptions.DefaultMaxRequestBodyBytes} bytes", problem.Detail);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Malformed_watch_json_is_400_with_a_problem_saying_what_is_wrong()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/watches")
        {
            Content = new StringContent("{\"source\": \"data\", \"spec\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", OrchestratorServer.Token);

        var problem = await ProblemAsync(await Server.Http.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.StartsWith("the request body is not valid JSON", problem.Detail);
    }

    [Theory]
    [InlineData("%2e%2e/%2e%2e", "input.directory", "%2e%2e/%2e%2e does not exist")]
    [InlineData("..%2f..%2fetc", "input.directory", "..%2f..%2fetc does not exist")]
    public async Task Url_encoded_traversal_in_a_spec_is_a_literal_name_inside_the_root(string directory, string field, string message)
    {
        var error = await SpecErrorAsync(await Server.PostSpecAsync($"name: enc\nkind: checksum\ninput:\n  directory: '{directory}'\n"));

        Assert.Equal((field, 4), (error.Field, error.Line));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Absolute_listed_item_outside_the_roots_is_400_naming_the_item()
    {
        var error = await SpecErrorAsync(await Server.PostSpecAsync("name: abs\nkind: checksum\ninput:\n  items:\n    - /etc/passwd\n"));

        Assert.Equal(("input.items[0]", 5), (error.Field, error.Line));
        Assert.StartsWith("/etc/passwd is outside the input roots", error.Message);
    }

    [Fact]
    public async Task Listed_item_that_is_a_link_out_of_the_root_is_400_naming_the_item()
    {
        var outside = Path.Combine(Path.GetDirectoryName(Server.InputRoot)!, "outside-secret.txt");
        await File.WriteAllTextAsync(outside, "not for the cluster");
        var link = Path.Combine(Server.DataDirectory, "escape.txt");
        File.CreateSymbolicLink(link, outside);
        try
        {
            var error = await SpecErrorAsync(await Server.PostSpecAsync("name: link\nkind: checksum\ninput:\n  directory: data\n  items: [a.dat, escape.txt]\n"));

            Assert.Equal(("input.items[1]", 5), (error.Field, error.Line));
            Assert.StartsWith($"{link} is outside the input roots", error.Message);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [Fact]
    public async Task A_globbed_file_linking_out_of_the_root_is_no_item_and_the_runs_log_says_so()
    {
        var outside = Path.Combine(Path.GetDirectoryName(Server.InputRoot)!, "outside-globbed.txt");
        await File.WriteAllTextAsync(outside, "not for the cluster");
        var directory = Directory.CreateDirectory(Path.Combine(Server.InputRoot, "globbed")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "a.dat"), "inside");
        File.CreateSymbolicLink(Path.Combine(directory, "z.dat"), outside);

        await Server.Client().SubmitAsync("name: globbed-link\nkind: checksum\ninput:\n  directory: globbed\n  glob: '*.dat'\n");
        var run = await Server.WaitForRunAsync("globbed-link", r => r.State.IsFinished());

        Assert.Equal((RunState.Succeeded, 1, 1), (run.State, run.Total, run.Counts.Done));
        var line = Assert.Single(await Server.Client().ItemLogAsync("globbed-link", ""));
        Assert.Equal("warning", line.Level);
        Assert.Equal($"z.dat: not an item: it links to {outside}, outside the input roots ({Server.InputRoot})", line.Message);
    }

    [Fact]
    public async Task Directory_that_is_a_link_out_of_the_root_is_400()
    {
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(Server.InputRoot)!, "outside-dir")).FullName;
        var link = Path.Combine(Server.InputRoot, "escape-dir");
        Directory.CreateSymbolicLink(link, outside);
        try
        {
            var error = await SpecErrorAsync(await Server.PostSpecAsync("name: linkdir\nkind: checksum\ninput:\n  directory: escape-dir\n"));

            Assert.Equal(("input.directory", 4), (error.Field, error.Line));
            Assert.StartsWith("escape-dir is outside the input roots", error.Message);
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Fact]
    public async Task Lframes_of_two_to_the_thirtieth_is_400_naming_the_parameter()
    {
        var error = await SpecErrorAsync(await Server.PostSpecAsync("name: big\nkind: iq-spectrogram\ninput:\n  directory: data\nparams:\n  lframes: 1073741824\n"));

        Assert.Equal(new FieldError("params.lframes", 6, "must be a power of two between 2 and 16777216 (got 1073741824)"), error);
    }

    [Theory]
    [InlineData("api/runs/{run}/artifacts/content?item=a.dat&name=..%2F..%2F..%2Fcluster.db")]
    [InlineData("api/runs/{run}/artifacts/content?item=..%2F..%2F..&name=cluster.db")]
    [InlineData("api/runs/{run}/artifacts/content?item=&name=%2e%2e%2f%2e%2e%2f%2e%2e%2fcluster.db")]
    [InlineData("api/runs/%2e%2e%2f%2e%2e/artifacts/content?item=&name=cluster.db")]
    [InlineData("api/runs/{run}/artifacts?item=..%2F..%2F..%2Fcluster.db")]
    public async Task Url_encoded_traversal_in_artifact_routes_is_404_and_serves_nothing(string route)
    {
        await Server.Client().SubmitAsync("name: dl\nkind: checksum\ninput:\n  directory: data\n  items: [a.dat]\n");
        await Server.WaitForRunAsync("dl", r => r.State.IsFinished());

        var response = await Server.Http.GetAsync(route.Replace("{run}", "dl"));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain("SQLite", await response.Content.ReadAsStringAsync());
        Assert.Matches("^no (run|item|artifact)|has no artifact", problem.Detail!);
    }

    [Fact]
    public async Task Dashboard_file_route_with_encoded_traversal_is_404()
    {
        var response = await Server.Http.GetAsync("dashboard/..%2F..%2Fcluster.db");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_missing_file_among_good_ones_ends_error_naming_it_and_the_others_done()
    {
        await Server.Client().SubmitAsync("name: one-bad\nkind: checksum\ninput:\n  directory: data\n  items: [a.dat, gone.dat, b.dat]\n");

        var run = await Server.WaitForRunAsync("one-bad", r => r.State.IsFinished());

        Assert.Equal(RunState.CompletedWithErrors, run.State);
        Assert.Equal((2, 1), (run.Counts.Done, run.Counts.Error));
        var bad = Assert.Single((await Server.Client().ListItemsAsync("one-bad", ItemState.Error)).Items);
        Assert.Equal("gone.dat", bad.Key);
        Assert.Contains(Path.Combine(Server.DataDirectory, "gone.dat"), bad.Reason);
        Assert.Equal(["a.dat", "b.dat"], (await Server.Client().ProgressAsync("one-bad")).CompletedItems.Order());
    }
}
