using System.Security.Cryptography;
using Cluster.Core.Work;

namespace Cluster.Core.Artifacts;

/// <summary>
/// A read-only stream that hashes what passes through it and, when the source ends, compares the byte count and
/// SHA-256 with the record. A mismatch throws <see cref="ArtifactIntegrityException"/> from the read that found it,
/// so a consumer copying to the end can never mistake a corrupt copy for a good one. Reading more bytes than recorded
/// fails at once rather than at the end.
/// </summary>
public sealed class VerifyingReadStream(Stream source, string key, long expectedSize, string expectedSha256) : Stream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;
    private bool _verified;

    public static VerifyingReadStream For(Stream source, ArtifactRecord record) =>
        new(source, record.StoreKey, record.Size, record.Sha256);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => expectedSize;

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = source.Read(buffer);
        return Account(buffer[..read], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.Length);
    }

    private int Account(ReadOnlySpan<byte> chunk, int requested)
    {
        if (chunk.Length > 0)
        {
            _read += chunk.Length;
            _sha.AppendData(chunk);
            if (_read > expectedSize)
                throw new ArtifactIntegrityException(key, $"{expectedSize} bytes", $"more than {expectedSize} bytes");
        }
        else if (requested > 0 && !_verified)
        {
            var actual = Convert.ToHexStringLower(_sha.GetHashAndReset());
            _verified = true;
            if (_read != expectedSize)
                throw new ArtifactIntegrityException(key, $"{expectedSize} bytes", $"{_read} bytes");
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                throw new ArtifactIntegrityException(key, $"sha256 {expectedSha256}", $"sha256 {actual}");
        }
        return chunk.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
            _sha.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await source.DisposeAsync().ConfigureAwait(false);
        _sha.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
