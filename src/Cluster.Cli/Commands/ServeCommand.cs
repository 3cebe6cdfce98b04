using System.CommandLine;
using Cluster.Orchestrator;
using Cluster.Orchestrator.Health;
using Cluster.Storage.Readiness;

namespace Cluster.Cli.Commands;

/// <summary>
/// <c>cluster serve --store CONN --artifacts URI [--urls URL] [--token-file F] [--input-root DIR ...]</c>: the
/// orchestrator silo (HTTP API, dashboard, the scheduler and run grains, health probes). Settings also come from
/// <c>CLUSTER_*</c> variables and the <c>Cluster</c> configuration section; SIGTERM leaves the cluster cleanly and exits.
/// </summary>
public static class ServeCommand
{
    public static Command Create(Terminal terminal)
    {
        var store = new Option<string?>("--store") { Description = "Work store: postgres://user:pw@host:port/db or sqlite:///path.db (or CLUSTER_STORE)" };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact store: file:///path or s3://bucket/prefix (S3 endpoint and keys from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) (or CLUSTER_ARTIFACTS)" };
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, e.g. http://0.0.0.0:8080 (default http://127.0.0.1:8080)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "File with one API token per line (or CLUSTER_TOKEN_FILE)" };
        var inputRoots = new Option<string[]>("--input-root") { Description = "Directory job inputs may come from; repeat for several (or CLUSTER_INPUT_ROOTS)" };
        var logFormat = new Option<string?>("--log-format") { Description = "auto (JSON when output is redirected), json or text (or CLUSTER_LOG_FORMAT)" };
        logFormat.AcceptOnlyFromAmong("auto", "json", "text");
        var command = new Command("serve", "Run an orchestrator silo: HTTP API, dashboard, scheduler, health probes, /metrics") { store, artifacts, urls, tokenFile, inputRoots, logFormat };
        command.SetAction(async (parse, ct) =>
        {
            Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
            try
            {
                configuration = ClusterConfiguration.Load();
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
            var options = OrchestratorOptions.Bind(configuration);
            if (parse.GetValue(logFormat) is { } f) options.LogFormat = f;
            if (parse.GetValue(store) is { } s) options.Store = s;
            if (parse.GetValue(artifacts) is { } a) options.Artifacts = a;
            if (parse.GetValue(tokenFile) is { } t) options.TokenFile = t;
            if (parse.GetValue(inputRoots) is { Length: > 0 } roots) options.InputRoots = [.. roots];
            try
            {
                string[] listen = [parse.GetValue(urls) ?? "http://127.0.0.1:8080"];
                options.Validate();
                await StartupProbes.WaitForStoresAsync(options, listen, StartupWaitOptions.From(key => configuration[key]), ct);
                var app = OrchestratorApp.Build(options, listen, configuration);
                await app.RunAsync();
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is InvalidOrchestratorOptionsException or ArgumentException)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
            catch (DependencyUnavailableException e)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Unavailable;
            }
        });
        return command;
    }
}
