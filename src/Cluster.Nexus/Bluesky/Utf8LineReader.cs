namespace Cluster.Nexus.Bluesky;

/// <summary>
/// Splits a stream into lines of UTF-8 bytes without decoding them (JSON is parsed from UTF-8 directly). A line is
/// valid until the next call; the buffer grows to the longest line.
/// </summary>
internal sealed class Utf8LineReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _exhausted;

    /// <summary>True once the stream has no more bytes (after the last line was returned).</summary>
    public bool AtEnd => _exhausted && _start >= _end;

    /// <summary>Whether the last line returned ended with a newline (false: the stream ended inside it).</summary>
    public bool LastLineEnded { get; private set; }

    /// <summary>The next line without its '\n', or null at the end of the stream.</summary>
    public ReadOnlyMemory<byte>? Next()
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = new ReadOnlyMemory<byte>(_buffer, _start, searched + newline);
                _start += searched + newline + 1;
                LastLineEnded = true;
                return line;
            }
            searched = _end - _start;
            if (_exhausted)
            {
                if (_start >= _end) return null;
                var last = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                _start = _end;
                LastLineEnded = false;
                return last;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            // Move the unfinished line to the front; grow only when a single line fills the buffer.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _exhausted = true;
        _end += read;
    }
}
