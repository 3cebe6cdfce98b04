using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cluster.Signal;

namespace Cluster.Bench;

/// <summary>
/// Decoding speed of an IQ reader from a warm file: every sample read into float32 volts, one thread, in blocks of
/// 2^20 samples into one reused buffer (as the STFT workers read), in Msamples/s.
/// </summary>
internal static class IqReadBenchmark
{
    private const int BlockSamples = 1 << 20;

    public static int Run(string file, Options options)
    {
        var repeat = options.Int("repeat", 5);
        var rawFormat = options.Text("raw-format", "");
        var channel = options.Int("channel", 0);
        var open = new IqOpenOptions
        {
            RawFormat = rawFormat.Length > 0 ? SampleFormat.Parse(rawFormat, "raw-format") : null,
            SampleRate = double.Parse(options.Text("sample-rate", "1e6"), CultureInfo.InvariantCulture),
            Channel = channel,
        };
        using var recording = IqFile.Open(file, open);
        var buffer = new float[2 * BlockSamples];
        ReadAll(recording, buffer); // warm-up: page cache, JIT, buffer pages
        var seconds = new List<double>();
        double checksum = 0;
        for (var r = 0; r < repeat; r++)
        {
            var clock = Stopwatch.StartNew();
            checksum = ReadAll(recording, buffer);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            format = recording.Format,
            samples = recording.SampleCount,
            seconds,
            msps = recording.SampleCount / Statistics.Median(seconds) / 1e6,
            checksum,
        }));
        return 0;
    }

    // The checksum (first component of every block) keeps the reads from being optimised away and lets the driver
    // compare both sides' decoding.
    private static double ReadAll(IqRecording recording, float[] buffer)
    {
        double checksum = 0;
        for (long first = 0; first < recording.SampleCount; first += BlockSamples)
        {
            var count = (int)Math.Min(BlockSamples, recording.SampleCount - first);
            recording.Read(first, buffer.AsSpan(0, 2 * count));
            checksum += buffer[0];
        }
        return checksum;
    }
}
