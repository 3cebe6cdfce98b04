namespace Cluster.Plotting;

/// <summary>
/// Write-only stream that cuts the zlib data stream into IDAT chunks, so the compressed image is never
/// held whole in memory. Disposing writes the last, partial chunk.
/// </summary>
internal sealed class IdatChunkStream(Stream output, int chunkSize = 256 * 1024) : Stream
{
    private readonly byte[] _buffer = new byte[chunkSize];
    private int _filled;

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _buffer.Length - _filled);
            data[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            data = data[take..];
            if (_filled == _buffer.Length) EmitChunk();
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    private void EmitChunk()
    {
        PngChunkWriter.Write(output, "IDAT", _buffer.AsSpan(0, _filled));
        _filled = 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _filled > 0) EmitChunk();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
