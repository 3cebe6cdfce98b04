using System.CommandLine;
using Cluster.Orchestrator;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster serve --store CONN --artifacts URI [--urls URL] [--token-file F] [--input-root DIR ...]</c>: the
/// orchestrator (HTTP API, leader-elected scheduler, health probes). Settings also come from <c>CLUSTER_*</c>
/// variables and the <c>Cluster</c> configuration section; SIGTERM hands leadership over and exits.
/// </summary>
public static class ServeCommand
{
    public static Command Create(Terminal terminal)
    {
        var store = new Option<string?>("--store") { Description = "Work store: postgres://user:pw@host:port/db or sqlite:///path.db (or CLUSTER_STORE)" };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact store: file:///path (or CLUSTER_ARTIFACTS)" };
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, e.g. http://0.0.0.0:8080 (default http://127.0.0.1:8080)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "File with one API token per line (or CLUSTER_TOKEN_FILE)" };
        var inputRoots = new Option<string[]>("--input-root") { Description = "Directory job inputs may come from; repeat for several (or CLUSTER_INPUT_ROOTS)" };
        var command = new Command("serve", "Run the orchestrator: HTTP API, scheduler, health probes") { store, artifacts, urls, tokenFile, inputRoots };
        command.SetAction(async (parse, ct) =>
        {
            var options = OrchestratorOptions.FromEnvironment();
            if (parse.GetValue(store) is { } s) options.Store = s;
            if (parse.GetValue(artifacts) is { } a) options.Artifacts = a;
            if (parse.GetValue(tokenFile) is { } t) options.TokenFile = t;
            if (parse.GetValue(inputRoots) is { Length: > 0 } roots) options.InputRoots = [.. roots];
            try
            {
                var app = OrchestratorApp.Build(options, [parse.GetValue(urls) ?? "http://127.0.0.1:8080"]);
                await app.RunAsync();
                return ExitCodes.Ok;
            }
            catch (InvalidOrchestratorOptionsException e)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
