using Cluster.Storage.Objects;

namespace Cluster.Storage.Artifacts;

/// <summary>
/// Where and how <see cref="S3ArtifactStore"/> talks to object storage. Unset endpoint, region and keys come from the
/// standard environment variables (<c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>, <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>); without keys the SDK's default credential chain applies.
/// </summary>
public sealed record S3ArtifactStoreOptions
{
    public const long MiB = 1024 * 1024;

    public required string Bucket { get; init; }

    /// <summary>Key prefix inside the bucket, without leading or trailing '/'; "" for the bucket's root.</summary>
    public string Prefix { get; init; } = "";

    /// <summary>e.g. <c>http://minio:9000</c>; null for AWS itself.</summary>
    public Uri? Endpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }

    /// <summary>Files up to this size go in one PUT; larger ones are uploaded in parts of <see cref="PartSize"/>.</summary>
    public long MultipartThreshold { get; init; } = 16 * MiB;

    /// <summary>At least 5 MiB (S3's minimum for all parts but the last).</summary>
    public long PartSize { get; init; } = 8 * MiB;

    /// <summary>Keys per ListObjectsV2 request (S3 caps it at 1000).</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>Options for <c>s3://bucket/prefix</c>, the rest from the environment.</summary>
    public static S3ArtifactStoreOptions FromUri(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme != "s3" || parsed.Host.Length == 0)
            throw new ArgumentException($"artifacts: expected s3://bucket/prefix (got '{uri}')");
        var connection = S3Connection.FromEnvironment();
        return new S3ArtifactStoreOptions
        {
            Bucket = parsed.Host,
            Prefix = Uri.UnescapeDataString(parsed.AbsolutePath).Trim('/'),
            Endpoint = connection.Endpoint,
            Region = connection.Region,
            AccessKey = connection.AccessKey,
            SecretKey = connection.SecretKey,
        };
    }
}
