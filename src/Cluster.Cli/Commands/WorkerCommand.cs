using System.CommandLine;
using Cluster.Storage.Readiness;
using Cluster.WorkerHost;
using Microsoft.Extensions.Hosting;

namespace Cluster.Cli.Commands;

/// <summary><c>cluster worker --store CONN --artifacts URI [--slots N]</c>: a worker process; SIGTERM drains it.</summary>
public static class WorkerCommand
{
    public static Command Create(Terminal terminal)
    {
        var store = new Option<string?>("--store") { Description = "Work store: postgres://user:pw@host:port/db (or CLUSTER_STORE)" };
        var artifacts = new Option<string?>("--artifacts") { Description = "Artifact store: file:///path or s3://bucket/prefix (S3 endpoint and keys from AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) (or CLUSTER_ARTIFACTS)" };
        var slots = new Option<int?>("--slots") { Description = "Items processed at once (default: cores)" };
        var drain = new Option<int?>("--drain-seconds") { Description = "On SIGTERM, time for in-flight items before they are released (default 30)" };
        var metricsUrls = new Option<string?>("--metrics-urls") { Description = "Serve /metrics and /healthz here, e.g. http://0.0.0.0:9464 (or Cluster__MetricsUrls)" };
        var logFormat = new Option<string?>("--log-format") { Description = "auto (JSON when output is redirected), json or text (or CLUSTER_LOG_FORMAT)" };
        logFormat.AcceptOnlyFromAmong("auto", "json", "text");
        var command = new Command("worker", "Run a worker silo: joins the cluster (PostgreSQL store) and processes the items the scheduler hands it")
        {
            store, artifacts, slots, drain, metricsUrls, logFormat,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var host = WorkerApp.Build(options =>
                {
                    if (parse.GetValue(store) is { } s) options.Store = s;
                    if (parse.GetValue(artifacts) is { } a) options.Artifacts = a;
                    if (parse.GetValue(slots) is { } n) options.Slots = n;
                    if (parse.GetValue(drain) is { } d) options.DrainSeconds = d;
                    if (parse.GetValue(metricsUrls) is { } m) options.MetricsUrls = m;
                    if (parse.GetValue(logFormat) is { } f) options.LogFormat = f;
                }, ClusterConfiguration.Load());
                await WorkerStartup.WaitForStoresAsync(host, ct);
                await host.RunAsync(ct);
                return ExitCodes.Ok;
            }
            catch (DependencyUnavailableException e)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Unavailable;
            }
            catch (Microsoft.Extensions.Options.OptionsValidationException e)
            {
                terminal.Fail(string.Join("; ", e.Failures));
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException or ArgumentException)
            {
                terminal.Fail(e.Message);
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
