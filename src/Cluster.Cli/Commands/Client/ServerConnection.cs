using System.CommandLine;
using Cluster.Client;

namespace Cluster.Cli.Commands.Client;

/// <summary>
/// The <c>--server</c> and <c>--token</c> options every client command takes, defaulting to the environment
/// (<c>CLUSTER_SERVER</c>, <c>CLUSTER_TOKEN</c>) so scripts do not put tokens on command lines. The token is read
/// from the environment when the command runs, never as the option's default: help texts print defaults, and help is
/// pasted into tickets and shown on screen shares, so help only says whether <c>CLUSTER_TOKEN</c> is set.
/// </summary>
public sealed class ServerConnection
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    public Option<string> Server { get; } = new("--server")
    {
        Description = $"Orchestrator base URL (default: $CLUSTER_SERVER or {DefaultServer})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CLUSTER_SERVER") is { Length: > 0 } url ? url : DefaultServer,
    };

    public const string TokenVariable = "CLUSTER_TOKEN";

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API token for submit, cancel, resume and retry (default: $CLUSTER_TOKEN, " +
                      (EnvironmentToken() is null ? "which is not set)" : "which is set)"),
    };

    private static string? EnvironmentToken() =>
        Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token ? token : null;

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
    }

    /// <exception cref="ArgumentException">The server address is not an http(s) URL.</exception>
    public ClusterClient Connect(ParseResult parse, out HttpClient http)
    {
        var text = parse.GetRequiredValue(Server);
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            throw new ArgumentException($"server: expected an http:// or https:// URL (got '{text}')");
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(100) };
        return new ClusterClient(http, parse.GetValue(Token) ?? EnvironmentToken());
    }
}
