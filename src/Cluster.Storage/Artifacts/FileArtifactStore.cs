using System.Security.Cryptography;
using System.Text;
using Cluster.Core.Artifacts;
using Cluster.Core.Inputs;
using Cluster.Core.Work;
using Cluster.Formats;

namespace Cluster.Storage.Artifacts;

/// <summary>
/// Artifacts in a local folder (<c>file:///root</c>). Writes are atomic (temp file beside the target, then rename)
/// and confined to the root: keys are relative, '..', absolute keys and NUL are refused, and symbolic links that
/// lead out of the root are not followed.
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    /// <summary>
    /// Longest key segment in UTF-8 bytes: the file system's 255 less what <see cref="AtomicFile"/> adds for its temp
    /// name (".", ".", 16 hex digits, ".tmp"), so a name that can be written can also be written atomically.
    /// </summary>
    public const int MaxSegmentBytes = 255 - 22;

    private readonly string _root;

    public FileArtifactStore(string root)
    {
        // The real path: a root reached through a symlink must not make every key look like it leaves the root.
        _root = InputRoots.RealPath(SafeDirectory.Create(Path.GetFullPath(root)));
    }

    public string Location => new Uri(_root).AbsoluteUri;

    public async Task<ArtifactRecord> PutFileAsync(string key, string name, string localPath, string mediaType, CancellationToken ct = default)
    {
        var target = PathOf(key);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var source = File.OpenRead(localPath))
        {
            // Counted, not taken from the file's length: the record describes exactly the bytes hashed and written.
            await AtomicFile.WriteAsync(target, async (destination, token) =>
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await source.ReadAsync(buffer, token)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    size += read;
                    await destination.WriteAsync(buffer.AsMemory(0, read), token);
                }
            }, ct);
        }
        return new ArtifactRecord(name, mediaType, size, Convert.ToHexStringLower(sha.GetHashAndReset()), key);
    }

    public async Task<ArtifactRecord> PutBytesAsync(string key, string name, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct = default)
    {
        await AtomicFile.WriteAsync(PathOf(key), (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);
        return new ArtifactRecord(name, mediaType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span)), key);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<Stream>(File.OpenRead(PathOf(key)));

    public Task<Stream> OpenVerifiedReadAsync(ArtifactRecord record, CancellationToken ct = default) =>
        Task.FromResult<Stream>(VerifyingReadStream.For(File.OpenRead(PathOf(record.StoreKey)), record));

    /// <summary>
    /// Files under the root whose key starts with <paramref name="prefix"/>. Symbolic links are not followed and
    /// hidden names are skipped: they are <see cref="AtomicFile"/> temp files (a writer killed mid-write leaves one),
    /// and <see cref="ArtifactKeys.Segment"/> never produces a leading '.'.
    /// </summary>
    public Task<IReadOnlyList<StoredObject>> ListAsync(string prefix, CancellationToken ct = default)
    {
        var directory = prefix.Contains('/') ? prefix[..prefix.LastIndexOf('/')] : "";
        var start = directory.Length > 0 ? PathOf(directory) : _root;
        var objects = new List<StoredObject>();
        if (Directory.Exists(start) && new DirectoryInfo(start).LinkTarget is null)
        {
            var options = new EnumerationOptions
            {
                RecurseSubdirectories = true,
                AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden,
                IgnoreInaccessible = false,
            };
            foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", options))
            {
                ct.ThrowIfCancellationRequested();
                var key = Path.GetRelativePath(_root, file.FullName);
                if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Split('/').Any(s => s.StartsWith('.'))) continue;
                objects.Add(new StoredObject(key, file.Length, file.LastWriteTimeUtc));
            }
        }
        objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return Task.FromResult<IReadOnlyList<StoredObject>>(objects);
    }

    /// <summary>Always null: a local folder has no URL others could fetch from.</summary>
    public Uri? PresignedReadUrl(string key, TimeSpan ttl) => null;

    /// <summary>The file a key maps to, refusing any key that would leave the root or that no file system could name.</summary>
    public string PathOf(string key)
    {
        ArtifactKeys.CheckStoreKey(key);
        if (key.Split('/').FirstOrDefault(s => Encoding.UTF8.GetByteCount(s) > MaxSegmentBytes) is { } tooLong)
            throw new ArgumentException(
                $"artifact key '{key}': segment '{tooLong[..Math.Min(40, tooLong.Length)]}...' is {Encoding.UTF8.GetByteCount(tooLong)} bytes, more than {MaxSegmentBytes}");
        var path = Path.GetFullPath(Path.Combine(_root, key));
        var real = InputRoots.RealPath(path);
        if (!real.StartsWith(_root + "/", StringComparison.Ordinal))
            throw new ArgumentException($"artifact key '{key}' leads outside the artifact root {_root}");
        return path;
    }
}
