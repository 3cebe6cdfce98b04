using System.Reflection;
using Cluster.Client;
using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Watching;
using Cluster.Core.Work;
using Cluster.Core.Working;
using Cluster.Grains.Hosting;
using Cluster.Grains.Scheduling;
using Cluster.Orchestrator.Api;
using Cluster.Orchestrator.Dashboard;
using Cluster.Orchestrator.Health;
using Cluster.Orchestrator.Metrics;
using Cluster.Orchestrator.Security;
using Cluster.Processors;
using Cluster.Processors.CatalogExport;
using Cluster.Storage;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cluster.Orchestrator;

/// <summary>
/// The orchestrator process: an orchestrator silo (run, item, watch and scheduler grains; any number of them form one
/// cluster through the membership tables on the ledger's PostgreSQL) with the HTTP API, the dashboard and health
/// probes. With <see cref="OrchestratorOptions.WorkerSlots"/> it also runs a worker. <c>cluster serve</c> builds it.
/// </summary>
public static class OrchestratorApp
{
    /// <param name="urls">Addresses to listen on (e.g. <c>http://0.0.0.0:8080</c>); null keeps ASP.NET's configuration (ASPNETCORE_URLS).</param>
    /// <param name="configuration">Settings layered over the host's own (appsettings.json files, environment): logging levels, Kestrel.</param>
    /// <exception cref="InvalidOrchestratorOptionsException">A setting is missing or malformed.</exception>
    public static WebApplication Build(OrchestratorOptions options, string[]? urls, IConfiguration? configuration = null)
    {
        options.Validate();
        var roots = CreateInputRoots(options);
        var tokens = AccessTokens.Load(options.TokenFile, options.Tokens);
        var artifacts = ArtifactStores.Open(options.Artifacts);
        // Connects lazily: a cluster without object-store inputs never makes a request.
        var objectInputs = S3InputObjects.FromEnvironment();

        var builder = WebApplication.CreateBuilder();
        if (configuration is not null) builder.Configuration.AddConfiguration(configuration);
        OrchestratorLogging.Configure(builder.Logging, options.LogFormat);
        if (urls is { Length: > 0 }) builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddSingleton(Options.Create(options));
        // Opened and migrated before the first request: a wrong connection fails the start, not a request later.
        // Start-up has no synchronisation context, so waiting here cannot deadlock.
        builder.Services.AddSingleton<IWorkStore>(_ => WorkStores.OpenAsync(options.Store).GetAwaiter().GetResult());
        builder.Services.AddSingleton(artifacts);
        builder.Services.AddSingleton(ProcessorKinds.All());
        builder.Services.AddSingleton(roots);
        builder.Services.AddSingleton(new InputBuckets(options.InputBuckets));
        builder.Services.AddSingleton<IObjectLister>(objectInputs);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddSingleton<SpecAdmission>();
        builder.Services.AddSingleton<WatchAdmission>();
        builder.Services.AddSingleton<ICatalogRunLister, BeamtimeCatalogRunLister>();
        builder.Services.AddClusterLedgerServices();
        builder.Services.AddSingleton<Grains.Silos.SiloDirectory>();
        builder.Services.Configure<SchedulerGrainOptions>(o => o.TickInterval = TimeSpan.FromSeconds(options.SchedulerTickSeconds));
        var roles = SiloRoles.Orchestrator;
        if (options.WorkerSlots > 0)
        {
            roles |= SiloRoles.Worker;
            builder.Services.AddSingleton(new WorkerOptions { Slots = options.WorkerSlots, Queue = options.WorkerSlots, ScratchRoot = options.ScratchRoot ?? Path.GetTempPath() });
            builder.Services.AddSingleton<IInputFetcher>(objectInputs);
        }
        options.Silo.MembershipConnection = WorkStores.PostgresConnectionString(options.Store);
        builder.UseOrleans(silo => silo.UseClusterSilo(options.Silo, roles));
        builder.Services.AddSingleton<LiveSnapshots>();
        builder.Services.AddOrchestratorMetrics();

        builder.Services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<WorkStoreHealthCheck>("work_store", tags: [HealthResponses.ReadyTag]);
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, _ => { });
        builder.Services.AddAuthorization();

        var app = builder.Build();
        // Resolve now so a bad store fails Build rather than the first request.
        app.Services.GetRequiredService<IWorkStore>();
        LogSecurity(app.Logger, tokens, options);

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        RequestBodyLimit.Use(app, options.MaxRequestBodyBytes);
        app.UseAuthentication();
        app.UseAuthorization();

        var reads = app.MapGroup("/api");
        if (options.ReadRequiresToken) reads.RequireAuthorization();
        var writes = app.MapGroup("/api").RequireAuthorization();
        RunEndpoints.Map(reads, writes);
        RunActionEndpoints.Map(writes);
        ItemEndpoints.Map(reads);
        ArtifactEndpoints.Map(reads);
        WorkerEndpoints.Map(reads);
        SiloEndpoints.Map(reads);
        WatchEndpoints.Map(reads, writes);
        LiveEndpoints.Map(reads);
        DashboardEndpoints.Map(app, DashboardAssets.Load());

        // GET only: an endpoint that answers every method would escape the check that the OpenAPI document lists every
        // mapped method (and that every change needs a token).
        app.MapHealthChecks("/healthz", HealthResponses.Liveness()).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        app.MapHealthChecks("/readyz", HealthResponses.Readiness()).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
        MetricsEndpoint.Map(app);
        var version = typeof(OrchestratorApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var openApi = OpenApiDocument.Create(version).ToJsonString();
        app.MapGet("/openapi.json", () => Results.Text(openApi, "application/json"));
        return app;
    }

    private static InputRoots CreateInputRoots(OrchestratorOptions options)
    {
        var missing = options.InputRoots.Where(r => !Directory.Exists(r)).ToList();
        if (missing.Count > 0)
            throw new InvalidOrchestratorOptionsException([$"input roots: {string.Join(", ", missing)} do not exist (Cluster:InputRoots / CLUSTER_INPUT_ROOTS)"]);
        return new InputRoots(options.InputRoots);
    }

    private static void LogSecurity(ILogger log, AccessTokens tokens, OrchestratorOptions options)
    {
        if (tokens.Count == 0)
            log.LogWarning("No API tokens are configured (Cluster:TokenFile, CLUSTER_TOKENS): every submission, cancel, resume and retry is refused with 401");
        else
            log.LogInformation("{Count} API tokens accepted for changes; reads {Reads}", tokens.Count,
                options.ReadRequiresToken ? "need a token too" : "are open");
    }
}
