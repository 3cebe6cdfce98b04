using System.Buffers.Binary;

namespace Cluster.Signal;

/// <summary>
/// A Tektronix RSA306 IF-stream <c>.r3f</c> file as iqtools reads it (<c>iqtools/r3fdata.py</c>): 16384-byte blocks,
/// the first a header (reference level f64 at byte 1024, centre frequency f64 at 1032, sample rate f64 at 2084,
/// acquisition bandwidth f64 at 2092), each following block 8178 real little-endian int16 ADC samples and a 28-byte
/// footer. The samples are real IF values; iqtools turns them into I,Q by multiplying with a local oscillator at the
/// centre frequency, I = adc x sin(2 pi fc t), Q = adc x cos(2 pi fc t), over t = linspace(0, N/fs, N) (numpy's
/// linspace, so the step is (N/fs)/(N-1)). This reader does the same, so compat mode reproduces iqtools.
/// </summary>
public sealed class R3fRecording : IqRecording
{
    public const string Extension = ".r3f";
    private const int BlockBytes = 16384;
    private const int SamplesPerBlock = 8178;

    private readonly StoredSamples adc;
    private readonly double centre;
    private readonly double timeStep;

    private R3fRecording(string path, double rate, double centre, double recordedCentre, StoredSamples adc, List<string> notes)
        : base(path, "r3f int16 IF (mixed to I/Q as iqtools)", rate, centre, adc.SampleCount, null, notes)
    {
        this.adc = adc;
        this.centre = recordedCentre;
        timeStep = adc.SampleCount > 1 ? adc.SampleCount / rate / (adc.SampleCount - 1) : 0;
    }

    public static R3fRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidIqFileException(path, "file not found");
        if (info.Length < 2 * BlockBytes || info.Length % BlockBytes != 0)
            throw new InvalidIqFileException(path, $"an R3F file is a header block and data blocks of {BlockBytes} bytes; {info.Length} bytes is not: truncated?");
        var header = new byte[BlockBytes];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            stream.ReadExactly(header);
        var recordedCentre = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(1032));
        var recordedRate = BinaryPrimitives.ReadDoubleLittleEndian(header.AsSpan(2084));
        if (!double.IsFinite(recordedCentre))
            throw new InvalidIqFileException(path, $"header centre frequency (f64 at byte 1032) is not finite ({recordedCentre})");
        if (!(recordedRate > 0 && double.IsFinite(recordedRate)))
            throw new InvalidIqFileException(path, $"header sample rate (f64 at byte 2084) must be positive (got {recordedRate})");
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, recordedRate, "header byte 2084", notes);
        var centreFrequency = RecordingFacts.CenterFrequency(options, recordedCentre, "header byte 1032", notes);
        var runs = new List<SampleRun>();
        for (long b = 1; b < info.Length / BlockBytes; b++)
            runs.Add(new SampleRun(b * BlockBytes, SamplesPerBlock));
        var layout = new SampleLayout(new SampleFormat(false, ComponentType.I16, false), 1, 0, 1, 0);
        var adc = StoredSamples.OpenRuns(path, layout, runs);
        try
        {
            return new R3fRecording(path, rate, centreFrequency, recordedCentre, adc, notes);
        }
        catch
        {
            adc.Dispose();
            throw;
        }
    }

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq)
    {
        adc.Read(firstSample, interleavedIq); // (adc, 0) pairs
        var omega = 2 * Math.PI * centre;
        for (var k = 0; k < interleavedIq.Length / 2; k++)
        {
            var value = (double)interleavedIq[2 * k];
            var (sin, cos) = Math.SinCos(omega * ((firstSample + k) * timeStep));
            interleavedIq[2 * k] = (float)(value * sin);
            interleavedIq[2 * k + 1] = (float)(value * cos);
        }
    }

    public override void Dispose() => adc.Dispose();
}
