using Amazon.Runtime;
using Amazon.S3;

namespace Cluster.TestSupport;

/// <summary>
/// The S3 server the test script starts (<c>CLUSTER_TEST_S3</c>, s3rver on loopback). Each test gets its own bucket.
/// Without the server the tests fail with instructions; they never skip.
/// </summary>
public static class TestS3
{
    public static Uri Endpoint =>
        Environment.GetEnvironmentVariable("CLUSTER_TEST_S3") is { Length: > 0 } url
            ? new Uri(url)
            : throw new InvalidOperationException(
                "CLUSTER_TEST_S3 is not set: run ./scripts/test, which starts s3rver (or `source scripts/lib/s3.sh; start_test_s3` first)");

    public static string AccessKey => Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 } key ? key : "S3RVER";
    public static string SecretKey => Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") is { Length: > 0 } key ? key : "S3RVER";

    /// <summary>A client built here, not by the store, to check what the store wrote. Plain bodies for the same reason as the store (aws-chunked).</summary>
    public static AmazonS3Client RawClient() => RawClient(Endpoint);

    /// <summary>The same on another server (a test's own, which it stops and starts).</summary>
    public static AmazonS3Client RawClient(Uri endpoint) =>
        new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = endpoint.AbsoluteUri,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });

    public static async Task<string> NewBucketAsync(string prefix = "test")
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..20];
        using var client = RawClient();
        await client.PutBucketAsync(name);
        return name;
    }
}
