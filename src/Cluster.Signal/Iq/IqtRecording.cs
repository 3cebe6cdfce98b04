using System.Text;

namespace Cluster.Signal;

/// <summary>
/// A Tektronix RSA3000-series <c>.iqt</c> file as iqtools reads it (<c>iqtools/iqtdata.py</c>): one ASCII digit n,
/// n digits giving the header length L, L bytes of <c>key=value</c> text (<c>FFTPoints</c>, <c>FrameLength</c>,
/// <c>CenterFrequency</c>, <c>ValidFrames</c>, <c>MaxInputLevel</c>, <c>LevelOffset</c>, <c>GainOffset</c>,
/// <c>DateTime</c>; numbers may carry k/M/m/u), then <c>ValidFrames</c> frames of a 24-byte frame header and
/// FFTPoints x (int16 Q, int16 I), little-endian. fs = FFTPoints / FrameLength;
/// volts = value x sqrt(10^((GainOffset + MaxInputLevel + LevelOffset) / 10) / 20 x 2).
/// </summary>
public static class IqtRecording
{
    public const string Extension = ".iqt";
    private const int FrameHeaderBytes = 24;

    public static StoredIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        if (!File.Exists(path)) throw new InvalidIqFileException(path, "file not found");
        long dataStart;
        KeyValueHeader header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            var digits = stream.ReadByte();
            if (digits is < '1' or > '9')
                throw new InvalidIqFileException(path, "not an IQT file: the first byte is not the digit count of the header length");
            var lengthText = new byte[digits - '0'];
            if (stream.Read(lengthText) != lengthText.Length || !long.TryParse(Encoding.ASCII.GetString(lengthText), out var headerLength) || headerLength <= 0)
                throw new InvalidIqFileException(path, "header length field is not a positive number");
            if (headerLength > 1 << 20 || 1 + lengthText.Length + headerLength > stream.Length)
                throw new InvalidIqFileException(path, $"header length {headerLength} runs past the end of the file ({stream.Length} bytes): truncated?");
            var text = new byte[headerLength];
            stream.ReadExactly(text);
            dataStart = 1 + lengthText.Length + headerLength;
            header = KeyValueHeader.Parse(path, "IQT header", Encoding.UTF8.GetString(text).Split('\n'), '=');
        }
        var points = header.Integer("FFTPoints", 1);
        var frames = header.Integer("ValidFrames", 1);
        var frameLength = header.Number("FrameLength", siSuffixes: true);
        if (!(frameLength > 0))
            throw new InvalidIqFileException(path, $"IQT header: FrameLength must be positive (got {frameLength})");
        var level = header.Number("GainOffset", true) + header.Number("MaxInputLevel", true) + header.Number("LevelOffset", true);
        var scale = Math.Sqrt(Math.Pow(10, level / 10) / 20 * 2);

        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, points / frameLength, "FFTPoints / FrameLength", notes);
        var centre = RecordingFacts.CenterFrequency(options, header.Number("CenterFrequency", true), "CenterFrequency", notes);
        var frameBytes = FrameHeaderBytes + 4 * points;
        var runs = new List<SampleRun>();
        for (long f = 0; f < frames; f++)
            runs.Add(new SampleRun(dataStart + f * frameBytes + FrameHeaderBytes, points));
        var layout = new SampleLayout(SampleFormat.Ci16, 1, 0, scale, 0, QFirst: true);
        var data = StoredSamples.OpenRuns(path, layout, runs);
        return StoredIqRecording.Create(path, "iqt int16", rate, centre, data, notes: notes);
    }
}
