using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Signal;

/// <summary>A stretch of consecutive sample frames at a byte offset of the file.</summary>
internal readonly record struct SampleRun(long ByteOffset, long Samples);

/// <summary>
/// The samples of an IQ file: one or more runs of frames (a whole data block, SigMF captures with header bytes, the
/// blocks of a segmented format), read positionally (pread) so several threads can read one recording at once, and
/// decoded to float volts. Nothing is loaded whole.
/// </summary>
internal sealed class StoredSamples : IDisposable
{
    private const int GenericChunkBytes = 1 << 18;

    private readonly SafeFileHandle handle;
    private readonly SampleRun[] runs;
    private readonly long[] runStarts;
    private readonly bool inPlace;
    private readonly int iByte;
    private readonly int qByte;

    private StoredSamples(string path, SafeFileHandle handle, SampleLayout layout, SampleRun[] runs)
    {
        Path = path;
        this.handle = handle;
        Layout = layout;
        this.runs = runs;
        runStarts = new long[runs.Length];
        long total = 0;
        for (var r = 0; r < runs.Length; r++)
        {
            runStarts[r] = total;
            total += runs[r].Samples;
        }
        SampleCount = total;
        inPlace = layout is { Channels: 1, QFirst: false } && ComponentDecoding.InPlace(layout.Format);
        var componentBytes = layout.Format.ComponentBytes;
        var channelByte = layout.Channel * layout.Format.Components * componentBytes;
        (iByte, qByte) = !layout.Format.IsComplex ? (channelByte, -1)
            : layout.QFirst ? (channelByte + componentBytes, channelByte)
            : (channelByte, channelByte + componentBytes);
    }

    public string Path { get; }
    public SampleLayout Layout { get; }
    public long SampleCount { get; }

    /// <summary>
    /// Opens the frames from <paramref name="dataOffset"/> to the end of the file (or over <paramref name="dataBytes"/>) and
    /// checks they are whole frames. When the format declares a sample count, the data must hold at least that many.
    /// </summary>
    public static StoredSamples Open(string path, SampleLayout layout, long dataOffset, long? dataBytes = null, long? declaredSamples = null,
        string declaredField = "NumberSamples")
    {
        layout.CheckChannel(path);
        var handle = OpenHandle(path);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length == 0)
                throw new InvalidIqFileException(path, "file is empty");
            if (dataOffset < 0 || dataOffset > length)
                throw new InvalidIqFileException(path, $"data offset {dataOffset} is beyond the end of the file ({length} bytes)");
            var bytes = dataBytes ?? length - dataOffset;
            if (dataOffset + bytes > length)
                throw new InvalidIqFileException(path,
                    $"the data block ({bytes} bytes from byte {dataOffset}) runs past the end of the file ({length} bytes): truncated?");
            if (bytes % layout.FrameBytes != 0)
                throw new InvalidIqFileException(path,
                    $"data length {bytes} bytes is not a whole number of {layout.Describe()} samples ({layout.FrameBytes} bytes each): truncated?");
            var available = bytes / layout.FrameBytes;
            if (declaredSamples is { } declared && declared > available)
                throw new InvalidIqFileException(path, $"header declares {declaredField}={declared} but the data holds only {available} samples: truncated?");
            var count = declaredSamples ?? available;
            if (count == 0)
                throw new InvalidIqFileException(path, "file holds no samples");
            return new StoredSamples(path, handle, layout, [new SampleRun(dataOffset, count)]);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens frames lying in several runs; each must lie within the file.</summary>
    public static StoredSamples OpenRuns(string path, SampleLayout layout, IReadOnlyList<SampleRun> runs)
    {
        layout.CheckChannel(path);
        var handle = OpenHandle(path);
        try
        {
            var length = RandomAccess.GetLength(handle);
            foreach (var run in runs)
            {
                if (run.ByteOffset < 0 || run.Samples < 0 || run.ByteOffset + run.Samples * layout.FrameBytes > length)
                    throw new InvalidIqFileException(path,
                        $"{run.Samples} samples from byte {run.ByteOffset} run past the end of the file ({length} bytes): truncated?");
            }
            var kept = runs.Where(r => r.Samples > 0).ToArray();
            if (kept.Length == 0)
                throw new InvalidIqFileException(path, "file holds no samples");
            return new StoredSamples(path, handle, layout, kept);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static SafeFileHandle OpenHandle(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidIqFileException(path, "file not found", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new InvalidIqFileException(path, "directory not found", e);
        }
    }

    /// <summary>Reads samples [first, first + iq.Length/2) as volts; the caller checked the range.</summary>
    public void Read(long first, Span<float> iq)
    {
        var run = Array.BinarySearch(runStarts, first);
        if (run < 0) run = ~run - 1;
        while (!iq.IsEmpty)
        {
            var within = first - runStarts[run];
            var count = (int)Math.Min(iq.Length / 2, runs[run].Samples - within);
            var position = runs[run].ByteOffset + within * Layout.FrameBytes;
            if (inPlace) ReadInPlace(position, iq[..(2 * count)]);
            else ReadGeneric(position, iq[..(2 * count)]);
            iq = iq[(2 * count)..];
            first += count;
            run++;
        }
    }

    private void ReadInPlace(long position, Span<float> iq)
    {
        ReadExactly(position, MemoryMarshal.AsBytes(iq)[..(iq.Length / 2 * Layout.FrameBytes)]);
        ComponentDecoding.DecodeInPlace(iq, Layout.Format.Type, Layout.Format.BigEndian, (float)Layout.Scale, (float)Layout.Offset);
    }

    private void ReadGeneric(long position, Span<float> iq)
    {
        var frameBytes = Layout.FrameBytes;
        var chunkSamples = Math.Max(1, GenericChunkBytes / frameBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSamples * frameBytes);
        try
        {
            for (var done = 0; done < iq.Length / 2; done += chunkSamples)
            {
                var count = Math.Min(chunkSamples, iq.Length / 2 - done);
                var bytes = buffer.AsSpan(0, count * frameBytes);
                ReadExactly(position + (long)done * frameBytes, bytes);
                ComponentDecoding.DecodeFrames(bytes, iq.Slice(2 * done, 2 * count), count, Layout.Format, frameBytes, iByte, qByte,
                    Layout.Scale, Layout.Offset);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadExactly(long position, Span<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var read = RandomAccess.Read(handle, bytes, position);
            if (read == 0)
                throw new InvalidIqFileException(Path, $"file ended at byte {position} while reading samples (shrunk while open?)");
            bytes = bytes[read..];
            position += read;
        }
    }

    public void Dispose() => handle.Dispose();
}
