using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Cluster.Signal;

/// <summary>
/// The sample block of an IQ file: interleaved I,Q components starting at a byte offset.
/// Reads are positional (pread), so several threads can read one recording without loading it whole.
/// </summary>
internal sealed class InterleavedIqData : IDisposable
{
    private readonly SafeFileHandle handle;

    private InterleavedIqData(string path, SafeFileHandle handle, long dataOffset, long sampleCount, SampleEncoding encoding, float scale)
    {
        Path = path;
        this.handle = handle;
        DataOffset = dataOffset;
        SampleCount = sampleCount;
        Encoding = encoding;
        Scale = scale;
    }

    public string Path { get; }
    public long DataOffset { get; }
    public long SampleCount { get; }
    public SampleEncoding Encoding { get; }

    /// <summary>Volts per integer step (1 for float data).</summary>
    public float Scale { get; }

    /// <summary>
    /// Opens the data block and checks it holds whole samples. When the format declares a sample count
    /// (TIQ), the data must hold at least that many; otherwise every sample in the file counts.
    /// </summary>
    public static InterleavedIqData Open(string path, long dataOffset, SampleEncoding encoding, float scale, long? declaredSampleCount = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("IQ readers assume a little-endian host");
        var handle = OpenHandle(path);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length == 0)
                throw new InvalidIqFileException(path, "file is empty");
            if (dataOffset > length)
                throw new InvalidIqFileException(path, $"data offset {dataOffset} is beyond the end of the file ({length} bytes)");
            var dataBytes = length - dataOffset;
            var bytesPerSample = encoding.BytesPerSample();
            if (dataBytes % bytesPerSample != 0)
                throw new InvalidIqFileException(path,
                    $"data length {dataBytes} bytes is not a whole number of {encoding.Describe()} I/Q samples ({bytesPerSample} bytes each): truncated?");
            var available = dataBytes / bytesPerSample;
            if (declaredSampleCount is { } declared && declared > available)
                throw new InvalidIqFileException(path,
                    $"header declares NumberSamples={declared} but the data holds only {available} samples: truncated?");
            var count = declaredSampleCount ?? available;
            if (count == 0)
                throw new InvalidIqFileException(path, "file holds no samples");
            return new InterleavedIqData(path, handle, dataOffset, count, encoding, scale);
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

    /// <summary>Reads samples [first, first + destination.Length/2) as volts; the caller checked the range.</summary>
    public void Read(long first, Span<float> destination)
    {
        var count = destination.Length / 2;
        var bytes = MemoryMarshal.AsBytes(destination)[..(count * Encoding.BytesPerSample())];
        ReadExactly(DataOffset + first * Encoding.BytesPerSample(), bytes);
        switch (Encoding)
        {
            case SampleEncoding.Int32:
                SampleDecoding.Int32ToVoltsInPlace(destination, Scale);
                break;
            case SampleEncoding.Int16:
                SampleDecoding.Int16ToVoltsInPlace(destination, Scale);
                break;
            case SampleEncoding.Float32:
                break;
            default:
                throw new InvalidOperationException($"unhandled encoding {Encoding}");
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
