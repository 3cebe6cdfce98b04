using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cluster.Cli;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>The API token never appears in what the CLI prints: help texts, orchestrator and worker logs, client output.</summary>
public class TokenSecrecyTests
{
    // Base64-style tokens: '+' is escaped in a JSON log.
    private const string Token = "tok+3f9c/2e71d4a8b650=";
    private const string WrongTokenCore = "9e04b7c1d2a3f568";
    private const string WrongToken = "wrong+" + WrongTokenCore + "/x=";

    [Fact]
    public async Task The_help_of_every_command_says_whether_CLUSTER_TOKEN_is_set_and_never_prints_it()
    {
        var commands = Paths(CliApplication.CreateRoot(new Terminal(TextWriter.Null, TextWriter.Null)), []).ToList();
        Assert.Contains(["log"], commands);
        Assert.Contains(["watch", "add"], commands);
        var environment = new Dictionary<string, string> { ["CLUSTER_TOKEN"] = Token };
        using var gate = new SemaphoreSlim(4);
        var helps = await Task.WhenAll(commands.Select(async path =>
        {
            await gate.WaitAsync();
            try
            {
                var (code, output) = await ClusterProcess.RunAsync(environment, TimeSpan.FromMinutes(1), [.. path, "--help"]);
                return (Path: string.Join(' ', path), Code: code, Output: output);
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(helps, help =>
        {
            Assert.True(help.Code == 0, $"{help.Path}: {help.Output}");
            Assert.DoesNotContain(Token, help.Output);
        });
        var withToken = helps.Where(h => h.Output.Contains("--token <token>")).ToList();
        Assert.True(withToken.Count >= 12, string.Join(", ", withToken.Select(h => h.Path)));
        Assert.All(withToken, h => Assert.Contains("$CLUSTER_TOKEN, which is set", h.Output));
        var (_, unset) = await ClusterProcess.RunAsync(new Dictionary<string, string> { ["CLUSTER_TOKEN"] = "" }, TimeSpan.FromMinutes(1), "submit", "--help");
        Assert.Contains("$CLUSTER_TOKEN, which is not set", unset);
    }

    /// <summary>
    /// Both log formats on both processes (one case each way round). The orchestrator logs ASP.NET Core at Debug, so the
    /// refused attempts (a wrong token, the right token under another scheme) are written down, and the test sees that
    /// they were; JSON lines are decoded before the search, since the JSON writer escapes '+' (as \u002B) and a plain
    /// search of the raw line would miss a token that has one.
    /// </summary>
    [Theory]
    [InlineData("text", "json")]
    [InlineData("json", "text")]
    public async Task A_whole_run_logs_and_prints_no_token(string orchestratorFormat, string workerFormat)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var temp = new TempDirectory();
        var inputs = Directory.CreateDirectory(temp.File("inputs")).FullName;
        File.WriteAllText(Path.Combine(inputs, "a.dat"), "a");
        File.WriteAllText(Path.Combine(inputs, "b.dat"), "b");
        File.WriteAllText(temp.File("tokens"), Token + "\n");
        File.WriteAllText(temp.File("spec.yaml"), "name: secrecy\nkind: checksum\nmax_attempts: 1\ninput:\n  directory: .\n  items: [a.dat, b.dat, lost.dat]\n");
        var server = $"http://127.0.0.1:{FreePort.Next()}";
        var artifacts = $"file://{temp.File("artifacts")}";
        var debugAuthentication = new Dictionary<string, string> { ["Logging__LogLevel__Microsoft.AspNetCore"] = "Debug" };
        using var orchestrator = ClusterProcess.Start(debugAuthentication, "serve", "--store", database.ConnectionString, "--artifacts", artifacts,
            "--input-root", inputs, "--token-file", temp.File("tokens"), "--urls", server, "--log-format", orchestratorFormat);
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", artifacts, "--log-format", workerFormat);
        using var http = new HttpClient { BaseAddress = new Uri(server) };
        await ClusterWaits.UntilAsync(() => ClusterWaits.ReadyAsync(new Cluster.Client.ClusterClient(http, null)), "orchestrator ready", orchestrator);
        var client = new Dictionary<string, string> { ["CLUSTER_TOKEN"] = Token, ["CLUSTER_SERVER"] = server };

        var outputs = new List<string>();
        async Task<int> Client(params string[] args)
        {
            var (code, output) = await ClusterProcess.RunAsync(client, TimeSpan.FromMinutes(2), args);
            outputs.Add(output);
            return code;
        }

        Assert.Equal(1, await Client("submit", temp.File("spec.yaml"), "--wait"));
        Assert.Equal(0, await Client("runs"));
        Assert.Equal(0, await Client("items", "secrecy"));
        Assert.Equal(0, await Client("log", "secrecy", "lost.dat"));
        Assert.Equal(0, await Client("artifacts", "secrecy"));
        Assert.Equal(0, await Client("fetch", "secrecy", "-o", temp.File("fetched")));
        Assert.Equal(2, await Client("cancel", "secrecy"));
        Assert.Equal(2, await Client("retry", "secrecy", "--token", WrongToken));
        // Refused attempts straight at the API: a wrong bearer token, and the right token under another scheme.
        foreach (var header in new[] { new AuthenticationHeaderValue("Bearer", WrongToken), new AuthenticationHeaderValue("Basic", Token) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs/secrecy/resume") { Headers = { Authorization = header } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request)).StatusCode);
        }

        Assert.Contains(outputs, o => o.Contains("lost.dat"));
        foreach (var (what, output) in outputs.Select(o => ("client", o)).Append(("orchestrator", orchestrator.Output)).Append(("worker", worker.Output)))
            foreach (var text in Readable(output))
            {
                Assert.False(text.Contains(Token, StringComparison.Ordinal), $"{what} output holds the token");
                Assert.False(text.Contains(WrongToken, StringComparison.Ordinal), $"{what} output holds the wrong token it was sent");
                Assert.False(text.Contains(WrongTokenCore, StringComparison.Ordinal), $"{what} output holds part of the wrong token");
            }
        // The refusals were logged (what the search above had to look through), without the tokens.
        Assert.Contains("was not authenticated", string.Concat(Readable(orchestrator.Output)));
        Assert.Contains("Item secrecy/lost.dat", worker.Output + orchestrator.Output, StringComparison.Ordinal);
        foreach (var (format, output) in new[] { (orchestratorFormat, orchestrator.Output), (workerFormat, worker.Output) })
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(lines);
            if (format == "text")
                // --log-format text: every line starts with its time in UTC.
                Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ", line));
            else
                Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
        }
    }

    /// <summary>The output as written, and each JSON line's string values decoded (escapes undone).</summary>
    private static IEnumerable<string> Readable(string output)
    {
        yield return output;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith('{')) continue;
            using var json = JsonDocument.Parse(line);
            yield return string.Join('\n', Strings(json.RootElement));
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static IEnumerable<string[]> Paths(Command command, string[] prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] path = [.. prefix, sub.Name];
            yield return path;
            foreach (var deeper in Paths(sub, path)) yield return deeper;
        }
    }
}
