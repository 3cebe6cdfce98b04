using System.CommandLine;
using System.Text.Json;
using Cluster.Cli;
using Cluster.Cli.Commands.Client;
using Cluster.Core.Work;
using Cluster.TestSupport;

namespace Cluster.Orchestrator.Tests;

/// <summary>The <c>cluster</c> client commands against a real server with a worker: output, JSON and exit codes.</summary>
public sealed class CliClientCommandTests(WorkingServerFixture fixture) : IClassFixture<WorkingServerFixture>, IDisposable
{
    private readonly TempDirectory _specs = new();
    private OrchestratorServer Server => fixture.Server;

    public void Dispose() => _specs.Dispose();

    [Fact]
    public async Task Submit_wait_follows_the_run_and_exits_0_when_every_item_is_done()
    {
        var spec = WriteSpec("ok.yaml", "name: cli-ok\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");

        var (code, output, error) = await RunAsync("submit", spec, "--wait");

        Assert.True(code == 0, error);
        Assert.StartsWith("cli-ok: created", output);
        Assert.Contains("cli-ok: succeeded, 3 done, 0 error, 0 no_data, 0 cancelled", output);
    }

    [Fact]
    public async Task Submit_wait_exits_1_when_an_item_failed()
    {
        var spec = WriteSpec("bad.json", """{"name": "cli-fail", "kind": "checksum", "max_attempts": 1, "input": {"directory": "data", "items": ["a.dat", "lost.dat"]}}""");

        var (code, output, _) = await RunAsync("submit", spec, "--wait");

        Assert.Equal(1, code);
        Assert.Contains("cli-fail: completed_with_errors, 1 done, 1 error", output);
    }

    [Fact]
    public async Task Rejected_spec_prints_every_field_error_and_exits_2()
    {
        var spec = WriteSpec("invalid.yaml", "name: cli-invalid\nkind: iq-spectrogram\ninput:\n  directory: /etc\nparams:\n  lframes: abc\n");

        var (code, output, error) = await RunAsync("submit", spec);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("line 4: input.directory: /etc is outside the input roots", error);
        Assert.Contains("line 6: params.lframes: must be a whole number (got \"abc\")", error);
        // In line order, as they are in the file (the parser's errors used to come before the server's path checks).
        Assert.True(error.IndexOf("line 4:", StringComparison.Ordinal) < error.IndexOf("line 6:", StringComparison.Ordinal), error);
    }

    [Fact]
    public async Task Missing_token_exits_2_and_names_CLUSTER_TOKEN()
    {
        var spec = WriteSpec("ok.yaml", "name: cli-anon\nkind: checksum\ninput:\n  directory: data\n");

        var (code, _, error) = await InvokeAsync(["submit", spec, "--server", Server.Address.ToString()]);

        Assert.Equal(2, code);
        Assert.Contains("CLUSTER_TOKEN", error);
    }

    [Fact]
    public async Task Runs_status_items_and_progress_print_what_the_api_holds()
    {
        await Server.Client().SubmitAsync("name: cli-show\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");
        await Server.WaitForRunAsync("cli-show", r => r.State == RunState.Succeeded);

        var (code, output, _) = await RunAsync("runs", "--json");
        Assert.Equal(0, code);
        using (var runs = JsonDocument.Parse(output))
            Assert.Contains(runs.RootElement.EnumerateArray(), r => r.GetProperty("name").GetString() == "cli-show" && r.GetProperty("state").GetString() == "succeeded");

        (code, output, _) = await RunAsync("runs", "--kind", "checksum");
        Assert.Equal(0, code);
        var row = output.Split('\n').Single(l => l.Contains("cli-show"));
        Assert.Matches(@"^\s*cli-show\s+checksum\s+-\s+succeeded\s+3/3\s+0\s", row);
        Assert.DoesNotContain("─", output); // piped output is plain text, no box drawing

        (code, output, _) = await RunAsync("runs", "--sample", "nobody", "--json");
        Assert.Equal(0, code);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
        (code, output, _) = await RunAsync("runs", "--since", "1h", "--until", "2099-01-01", "--json");
        Assert.Equal(0, code);
        Assert.Contains(JsonDocument.Parse(output).RootElement.EnumerateArray(), r => r.GetProperty("name").GetString() == "cli-show");
        (code, output, _) = await RunAsync("runs", "--since", "2099-01-01T00:00:00Z", "--json");
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetArrayLength());
        var (badCode, _, badError) = await RunAsync("runs", "--since", "last week");
        Assert.Equal(2, badCode);
        Assert.Contains("--since: 'last week' is neither an ISO 8601 time", badError);

        (code, output, _) = await RunAsync("status", "cli-show", "--json");
        Assert.Equal(0, code);
        using (var status = JsonDocument.Parse(output))
            Assert.Equal(3, status.RootElement.GetProperty("counts").GetProperty("done").GetInt64());

        (code, output, _) = await RunAsync("status", "cli-show");
        Assert.Equal(0, code);
        Assert.Contains("3 total: 3 done, 0 error", output);

        (code, output, _) = await RunAsync("items", "cli-show", "--state", "done", "--search", "b.", "--json");
        Assert.Equal(0, code);
        using (var items = JsonDocument.Parse(output))
            Assert.Equal(["b.dat"], items.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));

        (code, output, _) = await RunAsync("progress", "cli-show");
        Assert.Equal(0, code);
        using (var progress = JsonDocument.Parse(output))
        {
            Assert.Equal(["a.dat", "b.dat", "c.dat"], progress.RootElement.GetProperty("completed_items").EnumerateArray().Select(i => i.GetString()).Order());
            Assert.Equal(1, progress.RootElement.GetProperty("schema_version").GetInt32());
        }
    }

    [Fact]
    public async Task Cancel_resume_and_retry_report_state_and_refusals()
    {
        await Server.Client().SubmitAsync("name: cli-retry\nkind: checksum\nmax_attempts: 1\ninput:\n  directory: data\n  items: [missing.dat]\n");
        await Server.WaitForRunAsync("cli-retry", r => r.State.IsFinished());

        var (code, output, _) = await RunAsync("retry", "cli-retry");
        Assert.Equal(0, code);
        // The retry wakes the scheduler: the missing file may have failed again before the answer is printed.
        Assert.Matches(@"^cli-retry: (running \(\d/1|failed \(1/1) finished\), 1 items requeued", output);

        (code, _, var error) = await RunAsync("resume", "cli-retry");
        Assert.Equal(2, code);
        Assert.Contains("only cancelled runs can be resumed", error);

        (code, _, error) = await RunAsync("cancel", "no-such-run");
        Assert.Equal(2, code);
        Assert.Contains("no run named 'no-such-run'", error);
    }

    [Fact]
    public async Task Unknown_items_exit_2_naming_the_runs_items_in_fetch_artifacts_and_log()
    {
        await Server.Client().SubmitAsync("name: cli-typo\nkind: checksum\ninput:\n  directory: data\n  glob: '*.dat'\n");
        await Server.WaitForRunAsync("cli-typo", r => r.State == RunState.Succeeded);

        foreach (var command in new[] { new[] { "fetch", "cli-typo", "nope", "-o", _specs.File("fetched") }, ["artifacts", "cli-typo", "nope"], ["log", "cli-typo", "nope"] })
        {
            var (code, output, error) = await RunAsync(command);
            Assert.True(code == 2, $"{command[0]}: {code} {output} {error}");
            Assert.Equal("", output);
            Assert.Equal("error: no item named 'nope' in run 'cli-typo' (its items: a.dat, b.dat, c.dat)", error.Trim());
        }
        Assert.False(Directory.Exists(_specs.File("fetched")));

        var (okCode, fetched, _) = await RunAsync("fetch", "cli-typo", "b.dat", "-o", _specs.File("fetched"));
        Assert.Equal(0, okCode);
        Assert.True(File.Exists(fetched.Trim()), fetched);
    }

    [Fact]
    public async Task Items_show_the_first_line_of_the_reason_and_log_prints_all_of_it()
    {
        await Server.Client().SubmitAsync("name: cli-reason\nkind: checksum\nmax_attempts: 1\ninput:\n  directory: data\n  items: [a.dat, lost.dat]\n");
        await Server.WaitForRunAsync("cli-reason", r => r.State.IsFinished());
        var failure = (await Server.Client().ItemLogAsync("cli-reason", "lost.dat")).Single(l => l.Level == "error").Message;

        var (code, output, _) = await RunAsync("items", "cli-reason");
        Assert.Equal(0, code);
        Assert.Matches(@"^\s*INDEX\s+KEY\s+STATE\s+ATTEMPTS\s+REASON", output);
        var row = output.Split('\n').Single(l => l.Contains("lost.dat"));
        Assert.EndsWith(failure.Split('\n')[0].Trim(), row.TrimEnd());

        (code, output, _) = await RunAsync("log", "cli-reason", "lost.dat");
        Assert.Equal(0, code);
        Assert.Contains(failure, output);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  attempt 1  error  \S+  ", output);

        // Following an item that has ended prints its log and exits as the item ended.
        (code, output, _) = await RunAsync("log", "cli-reason", "lost.dat", "--follow");
        Assert.Equal(1, code);
        Assert.Contains(failure, output);
        (code, _, _) = await RunAsync("log", "cli-reason", "a.dat", "--follow");
        Assert.Equal(0, code);

        (code, output, _) = await RunAsync("items", "cli-reason", "--state", "cancelled");
        Assert.Equal((0, "no items"), (code, output.Trim()));
        (code, output, _) = await RunAsync("artifacts", "cli-reason", "lost.dat");
        Assert.Equal((0, "no artifacts"), (code, output.Trim()));
        (code, output, _) = await RunAsync("artifacts", "cli-reason", "lost.dat", "--json");
        Assert.Equal((0, 0), (code, JsonDocument.Parse(output).RootElement.GetArrayLength()));
    }

    [Fact]
    public async Task Empty_listings_say_so_and_their_json_is_an_empty_array()
    {
        await using var empty = await OrchestratorServer.StartAsync();
        string[] at = ["--server", empty.Address.ToString()];

        Assert.Equal((0, "no runs\n", ""), await InvokeAsync(["runs", .. at]));
        Assert.Equal((0, "no watches\n", ""), await InvokeAsync(["watch", "list", .. at]));
        var (code, output, _) = await InvokeAsync(["runs", "--json", .. at]);
        Assert.Equal((0, 0), (code, JsonDocument.Parse(output).RootElement.GetArrayLength()));
        (code, output, _) = await InvokeAsync(["watch", "list", "--json", .. at]);
        Assert.Equal((0, 0), (code, JsonDocument.Parse(output).RootElement.GetArrayLength()));
    }

    [Fact]
    public async Task A_refused_token_is_explained_once()
    {
        var spec = WriteSpec("anon.yaml", "name: cli-anon2\nkind: checksum\ninput:\n  directory: data\n");

        var (code, _, error) = await InvokeAsync(["submit", spec, "--server", Server.Address.ToString()]);
        var (wrongCode, _, wrong) = await InvokeAsync(["submit", spec, "--server", Server.Address.ToString(), "--token", "not-the-token"]);

        Assert.Equal((2, 2), (code, wrongCode));
        Assert.Equal(1, CountOf(error, "CLUSTER_TOKEN"));
        Assert.Equal("error: the bearer token is not valid (give the API token in CLUSTER_TOKEN or --token)", wrong.Trim());
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    [Fact]
    public async Task Unreachable_server_exits_1()
    {
        var (code, _, error) = await InvokeAsync(["runs", "--server", "http://127.0.0.1:9", "--token", "x"]);

        Assert.Equal(1, code);
        Assert.Contains("cannot reach the orchestrator at http://127.0.0.1:9", error);
    }

    private string WriteSpec(string name, string text)
    {
        File.WriteAllText(_specs.File(name), text);
        return _specs.File(name);
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        InvokeAsync([.. args, "--server", Server.Address.ToString(), "--token", OrchestratorServer.Token]);

    private static async Task<(int Code, string Output, string Error)> InvokeAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var terminal = new Terminal(output, error);
        var root = new RootCommand
        {
            SubmitCommand.Create(terminal), RunsCommand.Create(terminal), StatusCommand.Create(terminal), ItemsCommand.Create(terminal),
            ProgressCommand.Create(terminal), CancelCommand.Create(terminal), ResumeCommand.Create(terminal), RetryCommand.Create(terminal),
            ArtifactsCommand.Create(terminal), FetchCommand.Create(terminal), LogCommand.Create(terminal), WatchCommand.Create(terminal),
        };
        var parsed = root.Parse(args);
        Assert.Empty(parsed.Errors);
        var code = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (code, output.ToString(), error.ToString());
    }
}
