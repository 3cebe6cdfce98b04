using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>Every way this library can store IQ samples, written with its own writers into a temp directory.</summary>
public enum StoredFormat
{
    Tiq,
    SigMfCf32,
    SigMfCi16,
    SigMfCi32,
    RawCf32,
    RawCi16,
}

internal static class SyntheticRecordings
{
    public static readonly DateTimeOffset Time = new(2024, 5, 17, 8, 30, 15, TimeSpan.FromHours(2));

    /// <summary>A complex tone A*exp(2 pi i f t) plus optional uniform noise of the given peak amplitude.</summary>
    public static float[] Tone(int samples, double sampleRate, double frequency, double amplitude, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var iq = new float[2 * samples];
        for (var i = 0; i < samples; i++)
        {
            var phase = 2 * Math.PI * frequency * i / sampleRate;
            iq[2 * i] = (float)(amplitude * Math.Cos(phase) + noise * (2 * random.NextDouble() - 1));
            iq[2 * i + 1] = (float)(amplitude * Math.Sin(phase) + noise * (2 * random.NextDouble() - 1));
        }
        return iq;
    }

    /// <summary>Writes the samples and returns the path IqFile.Open takes plus the options headerless files need.</summary>
    public static (string Path, IqOpenOptions? Raw) Write(TempDirectory dir, StoredFormat format, float[] iq, double sampleRate, double centerFrequency)
    {
        switch (format)
        {
            case StoredFormat.Tiq:
            {
                var path = dir.File("tone.tiq");
                using (var file = File.Create(path))
                    TiqWriter.Write(file, iq, sampleRate, centerFrequency, Time);
                return (path, null);
            }
            case StoredFormat.SigMfCf32 or StoredFormat.SigMfCi16 or StoredFormat.SigMfCi32:
            {
                var datatype = format switch
                {
                    StoredFormat.SigMfCf32 => SigMfDatatype.Cf32Le,
                    StoredFormat.SigMfCi16 => SigMfDatatype.Ci16Le,
                    _ => SigMfDatatype.Ci32Le,
                };
                var stem = dir.File("tone");
                using (var file = File.Create(stem + ".sigmf-data"))
                    SigMfWriter.WriteData(file, iq, datatype);
                File.WriteAllText(stem + ".sigmf-meta", SigMfWriter.MetaJson(datatype, sampleRate, centerFrequency, Time, "synthetic tone"));
                return (stem + ".sigmf-meta", null);
            }
            case StoredFormat.RawCf32:
            {
                var path = dir.File("tone.cf32");
                using (var file = File.Create(path))
                    SigMfWriter.WriteData(file, iq, SigMfDatatype.Cf32Le);
                return (path, new IqOpenOptions { SampleRate = sampleRate, CenterFrequency = centerFrequency });
            }
            case StoredFormat.RawCi16:
            {
                // SigMF ci16 and raw ci16 share the encoding: int16 with 32768 = 1 V.
                var path = dir.File("tone.ci16");
                using (var file = File.Create(path))
                    SigMfWriter.WriteData(file, iq, SigMfDatatype.Ci16Le);
                return (path, new IqOpenOptions { SampleRate = sampleRate, CenterFrequency = centerFrequency });
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }
}
