namespace Cluster.Signal;

/// <summary>
/// A GSI TCAP recording as iqtools reads it (<c>iqtools/tcapdata.py</c>): a <c>.dat</c> of blocks, each an 88-byte
/// header (12-byte BCD time, 12 bytes PIO, 64 bytes scalers) and 131072 bytes of big-endian int16 I,Q, with a text
/// header file of <c>name value</c> lines (<c>center_freq</c>, <c>data_scale</c>, <c>decimation</c>, ...).
/// fs = 10 MHz / 2^decimation; volts = value x data_scale. The header file is <c>STEM.hdr</c>, <c>STEM.txt</c> or
/// <c>STEM.header</c> beside the data.
/// </summary>
public static class TcapRecording
{
    public const int BlockHeaderBytes = 88;
    public const int BlockDataBytes = 1 << 17;
    private static readonly string[] HeaderExtensions = [".hdr", ".txt", ".header"];

    /// <summary>The text header beside a TCAP .dat, when one exists and names center_freq and data_scale.</summary>
    public static string? FindHeader(string dataPath)
    {
        foreach (var extension in HeaderExtensions)
        {
            var candidate = Path.ChangeExtension(dataPath, extension);
            if (File.Exists(candidate) && new FileInfo(candidate).Length < 1 << 16)
            {
                var text = File.ReadAllText(candidate);
                if (text.Contains("center_freq") && text.Contains("data_scale")) return candidate;
            }
        }
        return null;
    }

    public static StoredIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var headerPath = FindHeader(path)
            ?? throw new InvalidIqFileException(path, $"TCAP header file not found beside the data ({string.Join(", ", HeaderExtensions.Select(e => Path.GetFileNameWithoutExtension(path) + e))} naming center_freq and data_scale)");
        var header = KeyValueHeader.Parse(headerPath, "TCAP header", File.ReadLines(headerPath), null);
        var scale = header.Number("data_scale");
        if (!(scale > 0))
            throw new InvalidIqFileException(headerPath, $"TCAP header: data_scale must be positive (got {scale})");
        var decimation = header.Integer("decimation");
        if (decimation > 30)
            throw new InvalidIqFileException(headerPath, $"TCAP header: decimation {decimation} is implausible (10 MHz / 2^decimation)");
        var length = new FileInfo(path).Length;
        const long blockBytes = BlockHeaderBytes + BlockDataBytes;
        if (length == 0 || length % blockBytes != 0)
            throw new InvalidIqFileException(path, $"TCAP data of {length} bytes is not a whole number of {blockBytes}-byte blocks (88-byte header + 131072 bytes): truncated?");
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, 10e6 / Math.Pow(2, decimation), $"{Path.GetFileName(headerPath)} decimation", notes);
        var centre = RecordingFacts.CenterFrequency(options, header.Number("center_freq"), $"{Path.GetFileName(headerPath)} center_freq", notes);
        var runs = new List<SampleRun>();
        for (long b = 0; b < length / blockBytes; b++)
            runs.Add(new SampleRun(b * blockBytes + BlockHeaderBytes, BlockDataBytes / 4));
        var layout = new SampleLayout(new SampleFormat(true, ComponentType.I16, BigEndian: true), 1, 0, scale, 0);
        var data = StoredSamples.OpenRuns(path, layout, runs);
        return StoredIqRecording.Create(path, "tcap int16_be", rate, centre, data, notes: notes);
    }
}
