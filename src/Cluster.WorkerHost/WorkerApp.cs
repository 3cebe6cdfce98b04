using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Cluster.Processors;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.WorkerHost;

/// <summary>The worker process: Generic Host with <see cref="WorkerService"/>, store and artifact store as singletons.</summary>
public static class WorkerApp
{
    public static IHost Build(Action<WorkerHostOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddOptions<WorkerHostOptions>()
            .Bind(builder.Configuration.GetSection("Cluster"))
            .Configure(options =>
            {
                options.Store = FirstNonEmpty(options.Store, builder.Configuration["CLUSTER_STORE"]);
                options.Artifacts = FirstNonEmpty(options.Artifacts, builder.Configuration["CLUSTER_ARTIFACTS"]);
            })
            .Configure(configure)
            .Validate(o => o.Store.Length > 0, "store: give --store or CLUSTER_STORE")
            .Validate(o => o.Artifacts.Length > 0, "artifacts: give --artifacts or CLUSTER_ARTIFACTS")
            .Validate(o => o.Slots > 0, "slots: must be at least 1")
            .ValidateOnStart();
        // Leave room after the drain for releasing leases and deregistering.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(
            builder.Configuration.GetValue("Cluster:DrainSeconds", 30) + 10));
        ProcessLogging.Configure(builder.Logging);
        builder.Services.AddSingleton<IWorkStore>(services =>
            WorkStores.OpenAsync(services.GetRequiredService<IOptions<WorkerHostOptions>>().Value.Store, CancellationToken.None)
                .GetAwaiter().GetResult());
        builder.Services.AddSingleton<IArtifactStore>(services =>
            ArtifactStores.Open(services.GetRequiredService<IOptions<WorkerHostOptions>>().Value.Artifacts));
        // Items whose input is s3://bucket/key are downloaded with the AWS_* environment's endpoint and keys.
        builder.Services.AddSingleton<IInputFetcher>(_ => S3InputObjects.FromEnvironment());
        builder.Services.AddSingleton(ProcessorKinds.All());
        builder.Services.AddHostedService<WorkerService>();
        return builder.Build();
    }

    private static string FirstNonEmpty(string value, string? fallback) => value.Length > 0 ? value : fallback ?? "";
}
