using System.Net;
using System.Net.Sockets;
using Cluster.Grains.Items;
using Cluster.Grains.Runs;
using Cluster.Grains.Scheduling;
using Cluster.Grains.Watches;
using Cluster.Grains.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Cluster.Grains.Hosting;

/// <summary>
/// The one place that sets a silo up: clustering (ADO.NET on the ledger's PostgreSQL, or a single loopback silo),
/// endpoints, mutual TLS when a certificate is configured (<see cref="SiloTls"/>), failure detection, and placement by role. Placement is by which classes a silo has (Orleans'
/// heterogeneous silos): a silo without the orchestrator role does not load the run, item, watch and scheduler grain
/// classes, so Orleans never places them there; only silos with the worker role run the worker grain service.
/// </summary>
public static class ClusterSilo
{
    private static readonly Type[] OrchestratorGrains = [typeof(RunGrain), typeof(ItemGrain), typeof(WatchGrain), typeof(SchedulerGrain)];

    public static ISiloBuilder UseClusterSilo(this ISiloBuilder silo, ClusterSiloOptions options, SiloRoles roles)
    {
        var advertised = AdvertisedAddress(options.AdvertisedAddress);
        var port = options.Port > 0 ? options.Port : SiloPort.Reserve(advertised);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ClusterId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = options.Name ?? DefaultName(roles));
        if (options.MembershipConnection is { } connection)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connection;
            });
        }
        else
        {
            silo.UseLocalhostClustering(siloPort: port, gatewayPort: 0, serviceId: options.ClusterId, clusterId: options.ClusterId);
        }
        // No gateway: the cluster has no external Orleans clients (the CLI and the dashboard speak HTTP).
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = advertised;
            o.SiloPort = port;
            o.GatewayPort = 0;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.IsLoopback(advertised) ? advertised : IPAddress.Any, port);
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = options.ProbeTimeout;
            o.NumMissedProbesLimit = options.MissedProbesLimit;
            o.NumVotesForDeathDeclaration = options.VotesForDeathDeclaration;
            o.TableRefreshTimeout = options.TableRefreshTimeout;
        });
        if (options.Tls.Enabled) silo.UseClusterTls(options.Tls);
        return silo.AddClusterRoles(roles);
    }

    /// <summary>The grains and services of the given roles (without clustering: the test cluster brings its own).</summary>
    public static ISiloBuilder AddClusterRoles(this ISiloBuilder silo, SiloRoles roles)
    {
        silo.ConfigureServices(services =>
        {
            // Orleans and its retry pipeline narrate every start-up step at Information: operators see their warnings.
            services.AddLogging(logging => logging
                .AddFilter("Orleans", LogLevel.Warning)
                .AddFilter("Polly", LogLevel.Warning)
                // Warns of "lock contention" at start-up on these VMs, measuring from a stale timestamp.
                .AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error));
            services.AddSingleton<WorkerGrainClient>();
            services.AddOptions<SchedulerGrainOptions>();
            if (!roles.HasFlag(SiloRoles.Orchestrator))
                services.PostConfigure<GrainTypeOptions>(o =>
                {
                    foreach (var type in OrchestratorGrains) o.Classes.Remove(type);
                });
            if (roles.HasFlag(SiloRoles.Worker))
                services.AddGrainService<WorkerGrain>();
            if (roles.HasFlag(SiloRoles.Orchestrator))
                services.AddHostedService<SchedulerKeeper>();
        });
        return silo;
    }

    private static string DefaultName(SiloRoles roles) =>
        Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod
            ? pod
            : $"{Environment.MachineName}-{Environment.ProcessId}-{(roles.HasFlag(SiloRoles.Orchestrator) ? "orchestrator" : "worker")}";

    /// <summary>
    /// <see cref="ClusterSiloOptions.AdvertisedAddress"/> value meaning "the address this machine's host name resolves
    /// to": in a container each replica gets its own host name, which resolves to its own address on the container
    /// network, so one setting serves every replica of a scaled service.
    /// </summary>
    public const string OwnHostName = "host";

    /// <summary>The configured address (IP, host name, or <see cref="OwnHostName"/>), else <c>POD_IP</c>, else loopback.</summary>
    public static IPAddress AdvertisedAddress(string? configured)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? Environment.GetEnvironmentVariable("POD_IP") : configured.Trim();
        if (string.IsNullOrWhiteSpace(text)) return IPAddress.Loopback;
        if (IPAddress.TryParse(text, out var ip)) return ip;
        var name = string.Equals(text, OwnHostName, StringComparison.OrdinalIgnoreCase) ? Dns.GetHostName() : text;
        try
        {
            return Dns.GetHostAddresses(name).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        }
        catch (Exception e) when (e is SocketException or InvalidOperationException)
        {
            var what = name == text ? $"'{text}'" : $"'{text}' (this machine's host name '{name}')";
            throw new ArgumentException($"silo advertised address: {what} is not an IP address and does not resolve to an IPv4 address ({e.Message})", e);
        }
    }
}
