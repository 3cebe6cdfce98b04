using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Hosting;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;
using Cluster.WorkerHost.Kubernetes;
using Cluster.WorkerHost.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost;

/// <summary>
/// The worker process: a worker silo (Generic Host + Orleans) whose worker grain service runs the processors in its
/// slots; it joins the cluster through the membership tables on the ledger's PostgreSQL.
/// </summary>
public static class WorkerApp
{
    /// <param name="configuration">Settings layered over the host's own (appsettings.json files, environment; see docs/configuration.md).</param>
    public static IHost Build(Action<WorkerHostOptions> configure, IConfiguration? configuration = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables();
        if (configuration is not null) builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddOptions<WorkerHostOptions>()
            .Bind(builder.Configuration.GetSection("Cluster"))
            .Configure(options =>
            {
                options.Store = FirstNonEmpty(options.Store, builder.Configuration["CLUSTER_STORE"]);
                options.Artifacts = FirstNonEmpty(options.Artifacts, builder.Configuration["CLUSTER_ARTIFACTS"]);
                if (builder.Configuration["CLUSTER_LOG_FORMAT"] is { Length: > 0 } format && builder.Configuration["Cluster:LogFormat"] is null)
                    options.LogFormat = format;
            })
            .Configure(configure)
            .Validate(o => o.Store.Length > 0, "store: give --store or CLUSTER_STORE")
            .Validate(o => o.Store.Length == 0 || WorkStores.PostgresConnectionString(o.Store) is not null,
                "store: a worker joins a cluster through PostgreSQL (postgres://...); SQLite is for `cluster run` alone")
            .Validate(o => o.Artifacts.Length > 0, "artifacts: give --artifacts or CLUSTER_ARTIFACTS")
            .Validate(o => o.Slots > 0, "slots: must be at least 1")
            .Validate(o => o.DrainSeconds >= 0, "drain seconds: must not be negative")
            .Validate(o => ProcessLogging.Formats.Contains(o.LogFormat.ToLowerInvariant()), "log format: use auto, json or text")
            .ValidateOnStart();
        // Leave room after the drain for releasing leases and deregistering; follows --drain-seconds too.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerHostOptions>>((host, worker) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(worker.Value.DrainSeconds + 10));
        var logOptions = new WorkerHostOptions();
        builder.Configuration.GetSection("Cluster").Bind(logOptions);
        configure(logOptions);
        ProcessLogging.Configure(builder.Logging,
            logOptions.LogFormat != "auto" ? logOptions.LogFormat : builder.Configuration["CLUSTER_LOG_FORMAT"] ?? "auto");
        builder.Services.AddSingleton<IWorkStore>(services =>
            WorkStores.OpenAsync(services.GetRequiredService<IOptions<WorkerHostOptions>>().Value.Store, CancellationToken.None)
                .GetAwaiter().GetResult());
        builder.Services.AddSingleton<IArtifactStore>(services =>
            ArtifactStores.Open(services.GetRequiredService<IOptions<WorkerHostOptions>>().Value.Artifacts));
        // Items whose input is s3://bucket/key are downloaded with the AWS_* environment's endpoint and keys.
        builder.Services.AddSingleton<IInputFetcher>(_ => S3InputObjects.FromEnvironment());
        builder.Services.AddSingleton(ProcessorKinds.All());
        builder.Services.AddWorkerMetrics();
        // Registered before the worker: started first and stopped last, so /metrics and /healthz answer during the drain.
        builder.Services.AddHostedService<WorkerMetricsServer>();
        builder.Services.AddHostedService<PodDeletionCost>();
        builder.Services.AddSingleton(services =>
        {
            var settings = services.GetRequiredService<IOptions<WorkerHostOptions>>().Value;
            return new WorkerOptions
            {
                Slots = settings.Slots,
                Queue = settings.Queue ?? settings.Slots,
                DrainTimeout = TimeSpan.FromSeconds(settings.DrainSeconds),
                HeartbeatInterval = TimeSpan.FromSeconds(settings.HeartbeatSeconds),
            };
        });
        builder.Services.AddSingleton<IWorkerObserver>(services => services.GetRequiredService<WorkerMetrics>());
        builder.UseOrleans(silo => silo.UseClusterSilo(SiloOptions(builder.Configuration, logOptions), SiloRoles.Worker));
        return builder.Build();
    }

    /// <summary><c>Cluster:Silo</c> settings; the membership is the store's PostgreSQL database.</summary>
    private static ClusterSiloOptions SiloOptions(IConfiguration configuration, WorkerHostOptions worker)
    {
        var silo = new ClusterSiloOptions();
        configuration.GetSection("Cluster:Silo").Bind(silo);
        var store = worker.Store.Length > 0 ? worker.Store : configuration["CLUSTER_STORE"] ?? "";
        silo.MembershipConnection = WorkStores.PostgresConnectionString(store);
        return silo;
    }

    private static string FirstNonEmpty(string value, string? fallback) => value.Length > 0 ? value : fallback ?? "";
}
