using System.Security.Cryptography;
using Amazon.S3.Model;
using Cluster.Core.Artifacts;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;

namespace Cluster.Artifacts.Tests;

[Collection(AwsEnvironmentCollection.Name)]
public sealed class S3ArtifactStoreTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1_000_000)]
    [InlineData(50_000_000)] // above the 16 MiB threshold: 7 parts of 8 MiB
    public async Task FileRoundTripIsByteIdenticalWithTheRecordedSha256(int size)
    {
        var bucket = await TestS3.NewBucketAsync();
        using var temp = new TempDirectory();
        var content = new byte[size];
        new Random(size).NextBytes(content);
        var source = temp.File("source.bin");
        await File.WriteAllBytesAsync(source, content);
        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(content));
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));

        var record = await store.PutFileAsync("runs/r1/item/out.bin", "out.bin", source, "application/octet-stream");

        Assert.Equal(new { Size = (long)size, Sha256 = expectedSha, StoreKey = "runs/r1/item/out.bin" },
            new { record.Size, record.Sha256, record.StoreKey });
        await using (var read = await store.OpenVerifiedReadAsync(record))
            Assert.Equal(expectedSha, Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));

        // What is really in the bucket, read without the store: the bytes (not aws-chunked frames) and the hash metadata.
        using var raw = TestS3.RawClient();
        using var response = await raw.GetObjectAsync(bucket, "artifacts/runs/r1/item/out.bin");
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        Assert.Equal(size, copy.Length);
        Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()), "stored bytes differ from the source");
        Assert.Equal(expectedSha, response.Metadata["x-amz-meta-sha256"]);
    }

    [Fact]
    public async Task PutBytesStoresMediaTypeAndHash()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket, prefix: ""));
        var content = "hello artifacts\n"u8.ToArray();

        var record = await store.PutBytesAsync("runs/r/progress.json", "progress.json", content, "application/json");

        using var raw = TestS3.RawClient();
        using var response = await raw.GetObjectAsync(bucket, "runs/r/progress.json");
        Assert.Equal("application/json", response.Headers.ContentType);
        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal((expected, expected, 16L), (record.Sha256, response.Metadata["x-amz-meta-sha256"], record.Size));
    }

    [Fact]
    public async Task ListingFollowsContinuationTokensAndStaysInsideThePrefix()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket) with { ListPageSize = 7 });
        var expected = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var key = $"runs/r1/item{i:D2}/out.txt";
            await store.PutBytesAsync(key, "out.txt", new byte[i], "text/plain");
            expected.Add(key);
        }
        await store.PutBytesAsync("runs/r2/item/out.txt", "out.txt", new byte[3], "text/plain");
        using (var raw = TestS3.RawClient())
            await raw.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "elsewhere/runs/r1/x", ContentBody = "x", UseChunkEncoding = false });

        var listed = await store.ListAsync("runs/r1/");

        Assert.Equal(expected, listed.Select(o => o.Key));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), listed.Select(o => o.Size));
        Assert.Empty(await store.ListAsync("runs/none/"));
    }

    [Fact]
    public async Task CorruptedObjectIsDetectedWhenItIsRead()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));
        var content = new byte[100_000];
        new Random(7).NextBytes(content);
        var record = await store.PutBytesAsync("runs/r/i/data.bin", "data.bin", content, "application/octet-stream");

        // Bit rot: one byte flipped, same length, the old hash metadata kept.
        var corrupt = (byte[])content.Clone();
        corrupt[50_000] ^= 0x01;
        using (var raw = TestS3.RawClient())
        {
            var overwrite = new PutObjectRequest
            {
                BucketName = bucket, Key = "artifacts/runs/r/i/data.bin", InputStream = new MemoryStream(corrupt), UseChunkEncoding = false,
            };
            overwrite.Metadata.Add("x-amz-meta-sha256", record.Sha256);
            await raw.PutObjectAsync(overwrite);
        }

        await using var verified = await store.OpenVerifiedReadAsync(record);
        var failure = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => verified.CopyToAsync(Stream.Null));
        Assert.Equal("runs/r/i/data.bin", failure.Key);
        Assert.Equal($"sha256 {record.Sha256}", failure.Expected);
        Assert.Equal($"sha256 {Convert.ToHexStringLower(SHA256.HashData(corrupt))}", failure.Actual);

        // Also without the record: the store checks against the object's own metadata.
        await using var unchecked_ = await store.OpenReadAsync("runs/r/i/data.bin");
        await Assert.ThrowsAsync<ArtifactIntegrityException>(() => unchecked_.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task TruncatedObjectIsDetectedBySize()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));
        var record = await store.PutBytesAsync("runs/r/i/data.bin", "data.bin", new byte[1000], "application/octet-stream");
        using (var raw = TestS3.RawClient())
            await raw.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket, Key = "artifacts/runs/r/i/data.bin", InputStream = new MemoryStream(new byte[999]), UseChunkEncoding = false,
            });

        await using var verified = await store.OpenVerifiedReadAsync(record);
        var failure = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => verified.CopyToAsync(Stream.Null));
        Assert.Equal(("1000 bytes", "999 bytes"), (failure.Expected, failure.Actual));
    }

    [Fact]
    public async Task MissingObjectIsFileNotFoundNamingIt()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));

        var failure = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync("runs/r/i/gone.bin"));

        Assert.Contains($"s3://{bucket}/artifacts/runs/r/i/gone.bin", failure.Message);
    }

    [Fact]
    public async Task PresignedUrlServesTheBytesWithoutCredentials()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));
        var content = "presigned content"u8.ToArray();
        await store.PutBytesAsync("runs/r/i/a.txt", "a.txt", content, "text/plain");

        var url = store.PresignedReadUrl("runs/r/i/a.txt", TimeSpan.FromMinutes(5));

        Assert.NotNull(url);
        Assert.Equal(TestS3.Endpoint.Authority, url.Authority);
        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        Assert.InRange(int.Parse(query["X-Amz-Expires"]!), 295, 301); // the SDK counts whole seconds from its own clock
        // s3rver does not check signatures, so only their presence can be checked here; MinIO and AWS enforce them.
        Assert.Matches("^[0-9a-f]{64}$", query["X-Amz-Signature"]);
        Assert.StartsWith(TestS3.AccessKey + "/", query["X-Amz-Credential"]);
    }

    [Fact]
    public async Task KeysThatCouldEscapeAreRefused()
    {
        var bucket = await TestS3.NewBucketAsync();
        using var store = new S3ArtifactStore(TestS3Stores.Options(bucket));
        foreach (var key in new[] { "../x", "/abs", "runs//x", "runs/./x", "a\0b" })
            await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync(key, "x", new byte[1], "text/plain"));
    }

    [Fact]
    public void OpenReadsS3UrisWithTheEnvironmentsEndpoint()
    {
        var endpoint = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
        try
        {
            var options = S3ArtifactStoreOptions.FromUri("s3://my-bucket/some/prefix/");
            Assert.Equal(("my-bucket", "some/prefix", "http://127.0.0.1:1/"), (options.Bucket, options.Prefix, options.Endpoint?.AbsoluteUri));
            var store = ArtifactStores.Open("s3://my-bucket/some/prefix");
            Assert.Equal("s3://my-bucket/some/prefix", Assert.IsType<S3ArtifactStore>(store).Location);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", endpoint);
        }
        Assert.Throws<ArgumentException>(() => ArtifactStores.Open("s3:///no-bucket"));
        Assert.Throws<ArgumentException>(() => ArtifactStores.Open("ftp://host/x"));
    }
}
