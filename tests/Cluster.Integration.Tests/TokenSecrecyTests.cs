using System.CommandLine;
using Cluster.Cli;
using Cluster.TestSupport;

namespace Cluster.Integration.Tests;

/// <summary>The API token never appears in what the CLI prints: help texts, orchestrator and worker logs, client output.</summary>
public class TokenSecrecyTests
{
    private const string Token = "tok-3f9c2e71d4a8b650";

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

    [Fact]
    public async Task A_whole_run_logs_and_prints_no_token()
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
        using var orchestrator = ClusterProcess.Start(null, "serve", "--store", database.ConnectionString, "--artifacts", artifacts,
            "--input-root", inputs, "--token-file", temp.File("tokens"), "--urls", server, "--log-format", "text");
        using var worker = ClusterProcess.Start(null, "worker", "--store", database.ConnectionString, "--artifacts", artifacts, "--log-format", "json");
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
        Assert.Equal(2, await Client("retry", "secrecy", "--token", Token + "-wrong"));

        Assert.Contains(outputs, o => o.Contains("lost.dat"));
        Assert.All(outputs.Append(orchestrator.Output).Append(worker.Output), output => Assert.DoesNotContain(Token, output));
        Assert.Contains("Item secrecy/lost.dat", worker.Output + orchestrator.Output, StringComparison.Ordinal);
        // --log-format text: every line starts with its time in UTC.
        var lines = orchestrator.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ", line));
    }

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
