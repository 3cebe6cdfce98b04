using System.Net;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;
using Cluster.Storage.Objects;

namespace Cluster.Storage.Artifacts;

/// <summary>
/// Artifacts in S3-compatible object storage (<c>s3://bucket/prefix</c>; AWS, MinIO, ...), addressed path-style.
/// Small files go in one PUT, large ones in parts; either way the object appears whole or not at all. The SHA-256 is
/// stored as <c>x-amz-meta-sha256</c>, so even an unchecked <see cref="OpenReadAsync"/> detects a corrupt object
/// when its stream reaches the end.
/// </summary>
public sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    public const string Sha256MetadataKey = "x-amz-meta-sha256";

    private readonly S3ArtifactStoreOptions _options;
    private readonly AmazonS3Client _client;

    public S3ArtifactStore(S3ArtifactStoreOptions options)
    {
        if (options.PartSize < 5 * S3ArtifactStoreOptions.MiB)
            throw new ArgumentException($"artifacts: the part size must be at least 5 MiB (got {options.PartSize} bytes)");
        if (options.ListPageSize is < 1 or > 1000)
            throw new ArgumentException($"artifacts: the list page size must be 1..1000 (got {options.ListPageSize})");
        _options = options with { Prefix = options.Prefix.Trim('/') };
        _client = CreateClient(_options);
    }

    /// <summary>A client configured like the store's (path-style, plain bodies), for tools and tests that need raw access.</summary>
    public static AmazonS3Client CreateClient(S3ArtifactStoreOptions options) => new S3Connection
    {
        Endpoint = options.Endpoint,
        Region = options.Region,
        AccessKey = options.AccessKey,
        SecretKey = options.SecretKey,
    }.CreateClient();

    public string Location => $"s3://{_options.Bucket}/{_options.Prefix}";

    public async Task<ArtifactRecord> PutFileAsync(string key, string name, string localPath, string mediaType, CancellationToken ct = default)
    {
        var objectKey = ObjectKey(key);
        var size = new FileInfo(localPath).Length;
        if (size <= _options.MultipartThreshold)
        {
            var content = await File.ReadAllBytesAsync(localPath, ct);
            return await PutBytesAsync(key, name, content, mediaType, ct);
        }
        // The hash goes into the metadata, which S3 fixes when the upload starts: hash first, then upload while
        // hashing again, and refuse the upload if the file changed in between.
        var sha256 = await HashFileAsync(localPath, ct);
        var uploaded = await UploadPartsAsync(objectKey, localPath, mediaType, sha256, ct);
        return new ArtifactRecord(name, mediaType, uploaded, sha256, key);
    }

    public async Task<ArtifactRecord> PutBytesAsync(string key, string name, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct = default)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = ObjectKey(key),
            InputStream = new MemoryStream(content.ToArray(), writable: false),
            ContentType = mediaType,
            UseChunkEncoding = false,
        };
        request.Metadata.Add(Sha256MetadataKey, sha256);
        await CallAsync(request.Key, () => _client.PutObjectAsync(request, ct));
        return new ArtifactRecord(name, mediaType, content.Length, sha256, key);
    }

    /// <exception cref="FileNotFoundException">No object has this key.</exception>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken ct = default)
    {
        var response = await GetAsync(key, ct);
        var recorded = response.Metadata[Sha256MetadataKey];
        // Objects written by other tools carry no hash: nothing to check them against.
        if (string.IsNullOrEmpty(recorded)) return response.ResponseStream;
        return new VerifyingReadStream(response.ResponseStream, key, response.ContentLength, recorded);
    }

    public async Task<Stream> OpenVerifiedReadAsync(ArtifactRecord record, CancellationToken ct = default)
    {
        var response = await GetAsync(record.StoreKey, ct);
        return VerifyingReadStream.For(response.ResponseStream, record);
    }

    public async Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request
        {
            BucketName = _options.Bucket,
            Prefix = _options.Prefix.Length > 0 ? _options.Prefix + "/" + prefix : prefix,
            MaxKeys = _options.ListPageSize,
        };
        var strip = _options.Prefix.Length > 0 ? _options.Prefix.Length + 1 : 0;
        while (true)
        {
            var page = await CallAsync(request.Prefix, () => _client.ListObjectsV2Async(request, ct));
            // SDK v4 returns null, not an empty list, for a page without objects.
            foreach (var o in page.S3Objects ?? [])
                objects.Add(new StoredObject(o.Key[strip..], o.Size ?? 0, o.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime()) : default));
            if (page.IsTruncated != true) break;
            request.ContinuationToken = page.NextContinuationToken;
        }
        return objects;
    }

    public Uri? PresignedReadUrl(string key, TimeSpan ttl)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.Bucket,
            Key = ObjectKey(key),
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow + ttl,
            // The SDK signs https unless told otherwise; a plain-http endpoint (MinIO on a LAN) needs http URLs.
            Protocol = _options.Endpoint?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
        };
        return new Uri(_client.GetPreSignedURL(request));
    }

    public void Dispose() => _client.Dispose();

    private string ObjectKey(string key)
    {
        ArtifactKeys.CheckStoreKey(key);
        return _options.Prefix.Length > 0 ? _options.Prefix + "/" + key : key;
    }

    private async Task<GetObjectResponse> GetAsync(string key, CancellationToken ct)
    {
        var objectKey = ObjectKey(key);
        try
        {
            return await _client.GetObjectAsync(_options.Bucket, objectKey, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // The same exception as a missing local file, so callers (the API's 404) need not know which store they have.
            throw new FileNotFoundException($"s3://{_options.Bucket}/{objectKey} does not exist ({e.ErrorCode})", objectKey, e);
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"s3://{_options.Bucket}/{objectKey}: {e.StatusCode} {e.ErrorCode}: {e.Message}", e);
        }
    }

    private async Task<long> UploadPartsAsync(string objectKey, string localPath, string mediaType, string sha256, CancellationToken ct)
    {
        var start = new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = objectKey, ContentType = mediaType };
        start.Metadata.Add(Sha256MetadataKey, sha256);
        var uploadId = (await CallAsync(objectKey, () => _client.InitiateMultipartUploadAsync(start, ct))).UploadId;
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using var source = File.OpenRead(localPath);
            var buffer = new byte[_options.PartSize];
            for (var number = 1; ; number++)
            {
                var filled = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                if (filled == 0 && number > 1) break;
                hash.AppendData(buffer, 0, filled);
                total += filled;
                var part = new UploadPartRequest
                {
                    BucketName = _options.Bucket,
                    Key = objectKey,
                    UploadId = uploadId,
                    PartNumber = number,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    PartSize = filled,
                    UseChunkEncoding = false,
                };
                var uploaded = await CallAsync(objectKey, () => _client.UploadPartAsync(part, ct));
                parts.Add(new PartETag(number, uploaded.ETag));
                if (filled < buffer.Length) break;
            }
            var streamed = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (streamed != sha256)
                throw new IOException($"{localPath} changed while it was uploaded to s3://{_options.Bucket}/{objectKey}; upload abandoned");
            await CallAsync(objectKey, () => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket, Key = objectKey, UploadId = uploadId, PartETags = parts,
            }, ct));
            return total;
        }
        catch (Exception failure)
        {
            // Abandoned parts cost storage until aborted. CancellationToken.None: a cancelled upload must still be cleaned up.
            try
            {
                await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
                {
                    BucketName = _options.Bucket, Key = objectKey, UploadId = uploadId,
                }, CancellationToken.None);
            }
            catch (AmazonServiceException abort)
            {
                throw new AggregateException($"uploading s3://{_options.Bucket}/{objectKey} failed and aborting upload {uploadId} failed too", failure, abort);
            }
            throw;
        }
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    /// <summary>Adds the bucket and key to S3's error, whose own message rarely says which object it was about.</summary>
    private async Task<T> CallAsync<T>(string objectKey, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e)
        {
            throw new IOException($"s3://{_options.Bucket}/{objectKey}: {e.StatusCode} {e.ErrorCode}: {e.Message}", e);
        }
    }
}
