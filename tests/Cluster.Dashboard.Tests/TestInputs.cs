using Cluster.Signal;

namespace Cluster.Dashboard.Tests;

/// <summary>Small real input files: IQ recordings the iq-spectrogram kind turns into PNGs, and plain files for checksum.</summary>
public static class TestInputs
{
    /// <summary>A 32768-sample .tiq: a tone at <paramref name="toneHz"/> from the centre over white noise.</summary>
    public static void WriteTiq(string path, double toneHz = 20_000, int seed = 1)
    {
        const double sampleRate = 200_000;
        var random = new Random(seed);
        var iq = new float[2 * 32768];
        for (var k = 0; k < iq.Length / 2; k++)
        {
            var phase = 2 * Math.PI * toneHz * k / sampleRate;
            iq[2 * k] = (float)(1e-3 * Math.Cos(phase) + 1e-5 * (random.NextDouble() - 0.5));
            iq[2 * k + 1] = (float)(1e-3 * Math.Sin(phase) + 1e-5 * (random.NextDouble() - 0.5));
        }
        using var file = File.Create(path);
        TiqWriter.Write(file, iq, sampleRate, 100e6, new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    }

    /// <summary>Writes a hidden temporary file and renames it into place, as a detector would: the watch sees it whole.</summary>
    public static void LandTiq(string directory, string name, double toneHz)
    {
        var temporary = Path.Combine(directory, "." + name + ".part");
        WriteTiq(temporary, toneHz);
        File.Move(temporary, Path.Combine(directory, name));
    }

    /// <summary>Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian).</summary>
    public static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal("\x89PNG", System.Text.Encoding.Latin1.GetString(png, 0, 4));
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
