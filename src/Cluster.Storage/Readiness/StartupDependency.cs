namespace Cluster.Storage.Readiness;

/// <summary>
/// A service a server process needs before it can do anything (the work store's database, the S3 endpoint of the
/// artifact store), named by role, host, port and database or bucket: never by its connection text, which may hold a password.
/// </summary>
public abstract class StartupDependency
{
    /// <summary>"work store" or "artifact store".</summary>
    public required string Role { get; init; }

    /// <summary>"PostgreSQL" or "S3".</summary>
    public required string Service { get; init; }

    public required string Host { get; init; }
    public required int Port { get; init; }

    /// <summary>The database (PostgreSQL) or bucket (S3).</summary>
    public required string Target { get; init; }

    /// <summary>"database" or "bucket".</summary>
    public required string TargetKind { get; init; }

    /// <summary>One cheap round trip; returns when the service answers, throws when it does not.</summary>
    public abstract Task ProbeAsync(TimeSpan timeout, CancellationToken ct);

    /// <summary>True for failures that end by themselves once the service is up (refused, timed out, starting up).</summary>
    public abstract bool IsPassing(Exception failure);

    public override string ToString() => $"the {Role} ({Service} at {Host}:{Port}, {TargetKind} {Target})";
}
