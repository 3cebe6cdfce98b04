using System.Buffers.Binary;
using NAudio.FileFormats.Wav;
using NAudio.Wave;

namespace Cluster.Signal;

/// <summary>
/// A stereo IQ <c>.wav</c> as SDR programs write it (HDSDR, SDR#, SDRuno, SDR Console, SoX): left = I, right = Q,
/// PCM 8-bit unsigned ((u - 128) / 128), 16/32-bit signed (full scale = 1) or IEEE float32/64. A mono file is a real
/// signal (with <see cref="IqOpenOptions.IqtoolsScaling"/>, integers as stored, as iqtools reads them). The RIFF chunks are parsed by NAudio; the centre frequency comes from an <c>auxi</c> chunk where the
/// program wrote one (two Win32 SYSTEMTIMEs, start and stop, then the centre frequency as a u32 in Hz at byte 32).
/// </summary>
public static class WavIqRecording
{
    public const string Extension = ".wav";

    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    public static StoredIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        var reader = new WaveFileChunkReader();
        byte[]? auxi;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            reader.ReadWaveHeader(stream);
            auxi = ReadChunk(stream, reader.RiffChunks.FirstOrDefault(c => c.IdentifierAsString == "auxi"));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidIqFileException(path, $"not a readable WAV file: {e.Message}", e);
        }

        var wave = reader.WaveFormat;
        var encoding = wave.Encoding;
        if (wave is WaveFormatExtensible extensible)
            encoding = extensible.SubFormat == PcmSubFormat ? WaveFormatEncoding.Pcm
                : extensible.SubFormat == FloatSubFormat ? WaveFormatEncoding.IeeeFloat
                : throw new InvalidIqFileException(path, $"fmt chunk: WAVE_FORMAT_EXTENSIBLE sub-format {extensible.SubFormat} is neither PCM nor IEEE float");
        if (wave.Channels is not (1 or 2))
            throw new InvalidIqFileException(path, $"fmt chunk: {wave.Channels} channels; an IQ WAV has 2 (left I, right Q) or 1 (a real signal)");
        var (type, scale, offset) = (encoding, wave.BitsPerSample) switch
        {
            (WaveFormatEncoding.Pcm, 8) => (ComponentType.U8, 1 / 128.0, 128.0),
            (WaveFormatEncoding.Pcm, 16) => (ComponentType.I16, 1 / 32768.0, 0.0),
            (WaveFormatEncoding.Pcm, 32) => (ComponentType.I32, 1 / 2147483648.0, 0.0),
            (WaveFormatEncoding.IeeeFloat, 32) => (ComponentType.F32, 1.0, 0.0),
            (WaveFormatEncoding.IeeeFloat, 64) => (ComponentType.F64, 1.0, 0.0),
            _ => throw new InvalidIqFileException(path,
                $"fmt chunk: {encoding} with {wave.BitsPerSample} bits per sample is not supported (PCM 8/16/32-bit, IEEE float 32/64-bit)"),
        };
        var format = new SampleFormat(wave.Channels == 2, type, false);
        var notes = new List<string>();
        if (options.IqtoolsScaling && format.IsInteger)
        {
            // iqtools' wavdata.py converts the stored integers to float unscaled: compat mode reproduces its numbers.
            (scale, offset) = (1.0, 0.0);
            notes.Add("iqtools scaling (compat): integer samples are taken as stored, not full-scale normalised");
        }
        var layout = new SampleLayout(format, 1, 0, scale, offset);
        if (wave.BlockAlign != layout.FrameBytes)
            throw new InvalidIqFileException(path, $"fmt chunk: block align {wave.BlockAlign} does not match {wave.Channels} x {wave.BitsPerSample}-bit samples");

        double? centre = null;
        if (auxi is not null)
        {
            if (auxi.Length < 36)
                throw new InvalidIqFileException(path, $"auxi chunk: {auxi.Length} bytes, too short to hold the centre frequency at byte 32");
            centre = BinaryPrimitives.ReadUInt32LittleEndian(auxi.AsSpan(32));
        }
        var rate = RecordingFacts.SampleRate(path, options, wave.SampleRate > 0 ? wave.SampleRate : null, "fmt chunk", notes);
        var centerFrequency = RecordingFacts.CenterFrequency(options, centre, auxi is null ? "no auxi chunk" : "auxi chunk", notes);
        var data = StoredSamples.Open(path, layout, reader.DataChunkPosition, reader.DataChunkLength);
        var description = $"wav {(encoding == WaveFormatEncoding.IeeeFloat ? "float" : "int")}{wave.BitsPerSample} {(wave.Channels == 2 ? "stereo IQ" : "mono (real)")}";
        return StoredIqRecording.Create(path, description, rate, centerFrequency, data, auxi is null ? null : StartTime(auxi), notes);
    }

    private static byte[]? ReadChunk(Stream stream, RiffChunk? chunk)
    {
        if (chunk is null) return null;
        var bytes = new byte[chunk.Length];
        stream.Position = chunk.StreamPosition;
        stream.ReadExactly(bytes);
        return bytes;
    }

    // SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (u16 each); the programs write local time.
    private static DateTimeOffset? StartTime(byte[] auxi)
    {
        ushort At(int i) => BinaryPrimitives.ReadUInt16LittleEndian(auxi.AsSpan(2 * i));
        try
        {
            return new DateTimeOffset(new DateTime(At(0), At(1), At(3), At(4), At(5), At(6), At(7), DateTimeKind.Unspecified), TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null; // a zeroed or garbled time is not worth refusing the samples for
        }
    }
}
