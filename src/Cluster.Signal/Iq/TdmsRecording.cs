using System.Buffers;

namespace Cluster.Signal;

/// <summary>
/// IQ recordings in NI TDMS files, in the two layouts found in practice:
/// <list type="bullet">
/// <item>iqtools' (GSI Schottky / NI PXI recorder, <c>iqtools/tdmsdata.py</c>): root properties <c>IQRate</c> and
/// <c>IQCarrierFrequency</c>, int16 channels <c>RecordData/I</c> and <c>RecordData/Q</c>, volts = value x
/// <c>RecordHeader/gain</c>[0];</item>
/// <item>NI-RFmx waveforms: one channel with <c>NI_RF_IQRate</c> holding I,Q interleaved (float32, float64, int16)
/// or a complex type; no centre frequency unless <c>NI_RF_CarrierFrequency</c> is set.</item>
/// </list>
/// </summary>
public sealed class TdmsRecording : IqRecording
{
    public const string Extension = ".tdms";

    private readonly StoredSamples inPhase;
    private readonly StoredSamples? quadrature;

    private TdmsRecording(string path, string format, double rate, double centre, StoredSamples inPhase, StoredSamples? quadrature,
        DateTimeOffset? start, List<string> notes)
        : base(path, format, rate, centre, quadrature is null ? inPhase.SampleCount : Math.Min(inPhase.SampleCount, quadrature.SampleCount), start, notes)
    {
        this.inPhase = inPhase;
        this.quadrature = quadrature;
    }

    public static IqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        TdmsFile file;
        try
        {
            file = TdmsFile.Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidIqFileException(path, "file ends inside a segment: truncated?", e);
        }
        file.Objects.TryGetValue("/'RecordData'/'I'", out var i);
        file.Objects.TryGetValue("/'RecordData'/'Q'", out var q);
        if (i is not null && q is not null)
            return OpenIqtools(file, i, q, options);
        var waveform = file.Objects.Values.FirstOrDefault(o => o.Properties.ContainsKey("NI_RF_IQRate") && o.DataType is not null);
        if (waveform is not null)
            return OpenRfmx(file, waveform, options);
        throw new InvalidIqFileException(path,
            "TDMS file holds neither RecordData/I and RecordData/Q channels (iqtools layout) nor a channel with NI_RF_IQRate (NI-RFmx waveform)");
    }

    private static TdmsRecording OpenIqtools(TdmsFile file, TdmsObject i, TdmsObject q, IqOpenOptions options)
    {
        var path = file.FilePath;
        file.Objects.TryGetValue("/", out var root);
        foreach (var channel in new[] { i, q })
            if (channel.DataType != 2)
                throw new InvalidIqFileException(path, $"{channel.Path}: data type 0x{channel.DataType:x} where iqtools' layout has int16");
        if (!file.Objects.TryGetValue("/'RecordHeader'/'gain'", out var gainChannel) || gainChannel.ValueCount == 0)
            throw new InvalidIqFileException(path, "RecordHeader/gain channel is missing or empty (iqtools' layout scales I and Q by gain[0])");
        var gain = file.ReadValues(gainChannel, 1)[0];
        if (!(gain > 0) || !double.IsFinite(gain))
            throw new InvalidIqFileException(path, $"RecordHeader/gain[0] must be positive and finite (got {gain})");
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, TdmsFile.NumberProperty(root, "IQRate"), "root property IQRate", notes);
        var centre = RecordingFacts.CenterFrequency(options, TdmsFile.NumberProperty(root, "IQCarrierFrequency"), "root property IQCarrierFrequency", notes);
        if (i.ValueCount != q.ValueCount)
            notes.Add($"I holds {i.ValueCount} values and Q {q.ValueCount}: read the first {Math.Min(i.ValueCount, q.ValueCount)}");
        var layout = new SampleLayout(new SampleFormat(false, ComponentType.I16, file.BigEndian), 1, 0, gain, 0);
        var inPhase = StoredSamples.OpenRuns(path, layout, i.Runs.Select(r => new SampleRun(r.Offset, r.Values)).ToList());
        StoredSamples? quadrature = null;
        try
        {
            quadrature = StoredSamples.OpenRuns(path, layout, q.Runs.Select(r => new SampleRun(r.Offset, r.Values)).ToList());
            return new TdmsRecording(path, "tdms iqtools int16", rate, centre, inPhase, quadrature, null, notes);
        }
        catch
        {
            inPhase.Dispose();
            quadrature?.Dispose();
            throw;
        }
    }

    private static TdmsRecording OpenRfmx(TdmsFile file, TdmsObject channel, IqOpenOptions options)
    {
        var path = file.FilePath;
        var (format, valuesPerSample) = channel.DataType switch
        {
            9 => (new SampleFormat(true, ComponentType.F32, file.BigEndian), 2),
            10 => (new SampleFormat(true, ComponentType.F64, file.BigEndian), 2),
            2 => (new SampleFormat(true, ComponentType.I16, file.BigEndian), 2),
            0x08000c => (new SampleFormat(true, ComponentType.F32, file.BigEndian), 1),
            0x10000d => (new SampleFormat(true, ComponentType.F64, file.BigEndian), 1),
            _ => throw new InvalidIqFileException(path, $"{channel.Path}: data type 0x{channel.DataType:x} is not an IQ waveform type (float32, float64, int16, complex)"),
        };
        var runs = new List<SampleRun>();
        foreach (var (offset, values) in channel.Runs)
        {
            if (values % valuesPerSample != 0)
                throw new InvalidIqFileException(path, $"{channel.Path}: a chunk of {values} values does not hold whole I,Q pairs");
            runs.Add(new SampleRun(offset, values / valuesPerSample));
        }
        var notes = new List<string>();
        var rate = RecordingFacts.SampleRate(path, options, TdmsFile.NumberProperty(channel, "NI_RF_IQRate"), $"{channel.Path} NI_RF_IQRate", notes);
        var centre = RecordingFacts.CenterFrequency(options, TdmsFile.NumberProperty(channel, "NI_RF_CarrierFrequency"),
            $"{channel.Path} NI_RF_CarrierFrequency", notes);
        var data = StoredSamples.OpenRuns(path, SampleLayout.Of(format), runs);
        try
        {
            return new TdmsRecording(path, $"tdms NI-RF {format.Name}", rate, centre, data, null, null, notes);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq)
    {
        if (quadrature is null)
        {
            inPhase.Read(firstSample, interleavedIq);
            return;
        }
        // I and Q are separate real channels: each is read as (value, 0) pairs and merged.
        var scratch = ArrayPool<float>.Shared.Rent(interleavedIq.Length);
        try
        {
            var pairs = scratch.AsSpan(0, interleavedIq.Length);
            inPhase.Read(firstSample, pairs);
            for (var k = 0; k < pairs.Length; k += 2) interleavedIq[k] = pairs[k];
            quadrature.Read(firstSample, pairs);
            for (var k = 0; k < pairs.Length; k += 2) interleavedIq[k + 1] = pairs[k];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    public override void Dispose()
    {
        inPhase.Dispose();
        quadrature?.Dispose();
    }
}
