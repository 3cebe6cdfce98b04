using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Cluster.Core.Inputs;

namespace Cluster.Storage.Objects;

/// <summary>
/// Run inputs and watched prefixes in S3-compatible storage: paginated ListObjectsV2 for the scheduler and watcher,
/// GetObject into a local file for the worker. Any bucket the credentials can read is reachable; which ones a user
/// may name is decided at admission (<see cref="InputBuckets"/>).
/// </summary>
public sealed class S3InputObjects : IObjectLister, IInputFetcher, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly int _listPageSize;

    /// <param name="listPageSize">Keys per ListObjectsV2 request, 1..1000 (S3's cap).</param>
    public S3InputObjects(S3Connection connection, int listPageSize = 1000)
    {
        if (listPageSize is < 1 or > 1000)
            throw new ArgumentException($"object inputs: the list page size must be 1..1000 (got {listPageSize})");
        _listPageSize = listPageSize;
        _client = connection.CreateClient();
    }

    /// <summary>Connected as <see cref="S3Connection.FromEnvironment"/> says; no request is made until one is needed.</summary>
    public static S3InputObjects FromEnvironment() => new(S3Connection.FromEnvironment());

    public async Task<IReadOnlyList<ListedObject>> ListAsync(ObjectUri directory, CancellationToken ct)
    {
        var objects = new List<ListedObject>();
        var request = new ListObjectsV2Request { BucketName = directory.Bucket, Prefix = directory.ListPrefix, MaxKeys = _listPageSize };
        while (true)
        {
            var page = await CallAsync(directory, () => _client.ListObjectsV2Async(request, ct));
            // SDK v4 returns null, not an empty list, for a page without objects.
            foreach (var o in page.S3Objects ?? [])
                objects.Add(new ListedObject(o.Key, o.Size ?? 0, (o.ETag ?? "").Trim('"')));
            if (page.IsTruncated != true) break;
            request.ContinuationToken = page.NextContinuationToken;
        }
        return objects;
    }

    public async Task FetchAsync(ObjectUri source, string destinationPath, CancellationToken ct)
    {
        using var response = await CallAsync(source, () => _client.GetObjectAsync(source.Bucket, source.Key, ct));
        long written;
        await using (var file = new FileStream(destinationPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await response.ResponseStream.CopyToAsync(file, 1 << 16, ct);
            written = file.Length;
        }
        // A connection cut mid-body can end the stream early without an error: never hand a processor half an object.
        if (written != response.ContentLength)
            throw new IOException($"{source}: downloaded {written} of {response.ContentLength} bytes to {destinationPath}");
    }

    public void Dispose() => _client.Dispose();

    /// <summary>S3 errors as the exceptions Core handles, naming the object (S3's own message rarely does).</summary>
    private static async Task<T> CallAsync<T>(ObjectUri target, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode != "NoSuchBucket")
        {
            throw new FileNotFoundException($"{target} does not exist ({e.ErrorCode})", target.ToString(), e);
        }
        catch (AmazonServiceException e)
        {
            throw new IOException($"{target}: {(int)e.StatusCode} {e.ErrorCode}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new IOException($"{target}: object store unreachable: {e.Message}", e);
        }
    }
}
