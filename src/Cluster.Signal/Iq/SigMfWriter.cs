using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Cluster.Signal;

/// <summary>Writes SigMF recordings: the sample file and the metadata JSON that describes it.</summary>
public static class SigMfWriter
{
    private const int ChunkComponents = 1 << 14;

    /// <summary>Writes volts as <paramref name="datatype"/>; integers are full-scale normalised (1 V = full scale) and saturate.</summary>
    public static void WriteData(Stream output, ReadOnlySpan<float> iq, SigMfDatatype datatype)
    {
        if (iq.Length % 2 != 0)
            throw new ArgumentException($"iq: needs an even length for I,Q pairs (got {iq.Length})");
        switch (datatype)
        {
            case SigMfDatatype.Cf32Le:
                output.Write(MemoryMarshal.AsBytes(iq));
                break;
            case SigMfDatatype.Ci16Le:
                WriteIntegers<short>(output, iq, 32768.0, short.MinValue, short.MaxValue, v => (short)v);
                break;
            case SigMfDatatype.Ci32Le:
                WriteIntegers<int>(output, iq, 2147483648.0, int.MinValue, int.MaxValue, v => (int)v);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null);
        }
    }

    private static void WriteIntegers<T>(Stream output, ReadOnlySpan<float> volts, double fullScale, double min, double max, Func<double, T> narrow)
        where T : unmanaged
    {
        var chunk = new T[ChunkComponents];
        for (var start = 0; start < volts.Length; start += ChunkComponents)
        {
            var source = volts.Slice(start, Math.Min(ChunkComponents, volts.Length - start));
            for (var i = 0; i < source.Length; i++)
                chunk[i] = narrow(Math.Clamp(Math.Round(source[i] * fullScale), min, max));
            output.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, source.Length)));
        }
    }

    /// <summary>SigMF 1.x metadata for a single capture starting at sample 0.</summary>
    public static string MetaJson(SigMfDatatype datatype, double sampleRate, double centerFrequency, DateTimeOffset time, string description)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("global");
            json.WriteString("core:datatype", datatype.Name());
            json.WriteNumber("core:sample_rate", sampleRate);
            json.WriteString("core:version", "1.0.0");
            json.WriteString("core:description", description);
            json.WriteString("core:recorder", "Cluster.Signal");
            json.WriteEndObject();
            json.WriteStartArray("captures");
            json.WriteStartObject();
            json.WriteNumber("core:sample_start", 0);
            json.WriteNumber("core:frequency", centerFrequency);
            json.WriteString("core:datetime", time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("annotations");
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
