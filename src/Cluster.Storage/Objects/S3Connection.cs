using Amazon.Runtime;
using Amazon.S3;
using Cluster.Storage.Artifacts;

namespace Cluster.Storage.Objects;

/// <summary>
/// Where and as whom this process talks to S3-compatible storage (AWS, MinIO, ...), addressed path-style. Unset values
/// come from the standard environment variables (<c>AWS_ENDPOINT_URL</c>, <c>AWS_REGION</c>, <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>); without keys the SDK's default credential chain applies.
/// </summary>
public sealed record S3Connection
{
    /// <summary>e.g. <c>http://minio:9000</c>; null for AWS itself.</summary>
    public Uri? Endpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }

    /// <exception cref="ArgumentException">AWS_ENDPOINT_URL is not an absolute URL.</exception>
    public static S3Connection FromEnvironment()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        Uri? endpointUri = null;
        if (!string.IsNullOrEmpty(endpoint) && !Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri))
            throw new ArgumentException($"AWS_ENDPOINT_URL: expected an http(s) URL (got '{endpoint}')");
        return new S3Connection
        {
            Endpoint = endpointUri,
            Region = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } region ? region : "us-east-1",
            AccessKey = NonEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")),
            SecretKey = NonEmpty(Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY")),
        };
    }

    /// <summary>A path-style client whose request bodies are never <c>aws-chunked</c> (see <see cref="PlainBodyPipelineCustomizer"/>).</summary>
    /// <param name="probeTimeout">For a start-up probe: one try (no SDK retries) that gives up after this long.</param>
    public AmazonS3Client CreateClient(TimeSpan? probeTimeout = null)
    {
        PlainBodyPipelineCustomizer.EnsureRegistered();
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            AuthenticationRegion = Region,
        };
        if (probeTimeout is { } timeout)
        {
            config.Timeout = timeout;
            config.MaxErrorRetry = 0;
        }
        if (Endpoint is { } endpoint) config.ServiceURL = endpoint.AbsoluteUri;
        else config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        return this is { AccessKey: { } access, SecretKey: { } secret }
            ? new AmazonS3Client(new BasicAWSCredentials(access, secret), config)
            : new AmazonS3Client(config);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
