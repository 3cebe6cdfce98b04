using Cluster.Storage.Artifacts;
using Cluster.TestSupport;

namespace Cluster.Artifacts.Tests;

/// <summary>S3 artifact stores on the test server, one bucket per test.</summary>
public static class TestS3Stores
{
    public static S3ArtifactStoreOptions Options(string bucket, string prefix = "artifacts") => new()
    {
        Bucket = bucket,
        Prefix = prefix,
        Endpoint = TestS3.Endpoint,
        AccessKey = TestS3.AccessKey,
        SecretKey = TestS3.SecretKey,
    };
}
