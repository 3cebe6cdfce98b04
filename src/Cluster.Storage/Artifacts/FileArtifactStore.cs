using System.Security.Cryptography;
using Cluster.Core.Artifacts;
using Cluster.Core.Work;
using Cluster.Formats;

namespace Cluster.Storage.Artifacts;

/// <summary>
/// Artifacts in a local folder (<c>file:///root</c>). Writes are atomic (temp file beside the target, then rename)
/// and confined to the root: keys are relative, '..' and absolute keys are refused, and symbolic links that lead
/// out of the root are not followed.
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private readonly string _root;

    public FileArtifactStore(string root)
    {
        _root = SafeDirectory.Create(Path.GetFullPath(root));
    }

    public string Location => new Uri(_root).AbsoluteUri;

    public async Task<ArtifactRecord> PutFileAsync(string key, string name, string localPath, string mediaType, CancellationToken ct = default)
    {
        var target = PathOf(key);
        byte[] hash;
        long size;
        await using (var source = File.OpenRead(localPath))
        {
            size = source.Length;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await AtomicFile.WriteAsync(target, async (destination, token) =>
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await source.ReadAsync(buffer, token)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    await destination.WriteAsync(buffer.AsMemory(0, read), token);
                }
            }, ct);
            hash = sha.GetHashAndReset();
        }
        return new ArtifactRecord(name, mediaType, size, Convert.ToHexStringLower(hash), key);
    }

    public async Task<ArtifactRecord> PutBytesAsync(string key, string name, ReadOnlyMemory<byte> content, string mediaType, CancellationToken ct = default)
    {
        await AtomicFile.WriteAsync(PathOf(key), (stream, token) => stream.WriteAsync(content, token).AsTask(), ct);
        return new ArtifactRecord(name, mediaType, content.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span)), key);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct = default) =>
        Task.FromResult<Stream>(File.OpenRead(PathOf(key)));

    /// <summary>The file a key maps to, refusing any key that would leave the root.</summary>
    public string PathOf(string key)
    {
        if (string.IsNullOrEmpty(key) || key.StartsWith('/') || key.Contains('\\') || key.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"artifact key '{key}' must be a relative path without '.', '..' or empty segments");
        var path = Path.GetFullPath(Path.Combine(_root, key));
        var real = Core.Inputs.InputRoots.RealPath(path);
        if (!real.StartsWith(_root + "/", StringComparison.Ordinal))
            throw new ArgumentException($"artifact key '{key}' leads outside the artifact root {_root}");
        return path;
    }
}
