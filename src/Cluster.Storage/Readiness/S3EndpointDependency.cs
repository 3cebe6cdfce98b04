using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cluster.Storage.Artifacts;
using Cluster.Storage.Objects;

namespace Cluster.Storage.Readiness;

/// <summary>
/// The S3 endpoint of an <c>s3://</c> artifact store: answers when a request about its bucket gets any S3 answer. A
/// refusal such as "no such bucket" or "access denied" is an answer: the endpoint is up, and the artifact store reports
/// that problem itself where it occurs.
/// </summary>
public sealed class S3EndpointDependency : StartupDependency
{
    private readonly S3Connection _connection;

    private S3EndpointDependency(S3Connection connection) => _connection = connection;

    /// <param name="artifacts">The artifact store URI, <c>s3://bucket/prefix</c>; endpoint and keys from the <c>AWS_*</c> variables.</param>
    public static S3EndpointDependency For(string artifacts)
    {
        var options = S3ArtifactStoreOptions.FromUri(artifacts);
        var endpoint = options.Endpoint ?? new Uri($"https://s3.{options.Region}.amazonaws.com");
        return new S3EndpointDependency(new S3Connection
        {
            Endpoint = options.Endpoint,
            Region = options.Region,
            AccessKey = options.AccessKey,
            SecretKey = options.SecretKey,
        })
        {
            Role = "artifact store",
            Service = "S3",
            Host = endpoint.Host,
            Port = endpoint.Port,
            Target = options.Bucket,
            TargetKind = "bucket",
        };
    }

    public override async Task ProbeAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var client = _connection.CreateClient(timeout);
        try
        {
            await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Target, MaxKeys = 1 }, ct).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when ((int)e.StatusCode is > 0 and < 500)
        {
            // Answered: up, whatever it thinks of the request.
        }
    }

    /// <summary>Network failures and server errors pass; missing credentials or a malformed request do not.</summary>
    public override bool IsPassing(Exception failure)
    {
        if (failure is AmazonServiceException { StatusCode: var status } && (int)status >= 500) return true;
        for (Exception? e = failure; e is not null; e = e.InnerException)
            if (e is HttpRequestException or IOException or TimeoutException or TaskCanceledException or System.Net.Sockets.SocketException)
                return true;
        return false;
    }
}
