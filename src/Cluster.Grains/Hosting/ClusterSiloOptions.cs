namespace Cluster.Grains.Hosting;

/// <summary>
/// How a silo joins the cluster. Bound from <c>Cluster:Silo</c> (environment: <c>Cluster__Silo__Port</c> etc.).
/// </summary>
public sealed class ClusterSiloOptions
{
    /// <summary>Silos with the same cluster id on the same database form one cluster.</summary>
    public string ClusterId { get; set; } = "cluster";

    /// <summary>
    /// The PostgreSQL connection (Npgsql form) whose membership tables the silos share; null: a cluster of this one
    /// silo (SQLite ledger, embedded mode), on loopback.
    /// </summary>
    public string? MembershipConnection { get; set; }

    /// <summary>Port for silo-to-silo traffic; 0 picks a free one (several silos on one machine need no settings).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address other silos reach this one at: an IP, a host name (resolved at start), <c>host</c> for the address
    /// this machine's own host name resolves to (containers), or empty for <c>POD_IP</c> when set (Kubernetes), else
    /// 127.0.0.1 (silos on one machine).
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>The silo's name in the membership table: <c>POD_NAME</c> when set, else host-pid.</summary>
    public string? Name { get; set; }

    /// <summary>Membership probe timeout; with <see cref="MissedProbesLimit"/> it sets how fast a dead silo is declared dead.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public int MissedProbesLimit { get; set; } = 3;

    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How often each silo reads the membership table even without news.</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Mutual TLS between silos (<c>Cluster:Silo:Tls:*</c>); off unless a certificate is given.</summary>
    public SiloTlsOptions Tls { get; set; } = new();
}
