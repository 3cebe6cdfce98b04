using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Signal;

/// <summary>
/// Writes a .tiq file shaped like a Tektronix RSA recording (for demos and tests): the XML header whose
/// &lt;DataFile offset&gt; gives its own length, then little-endian int32 I,Q pairs.
/// </summary>
public static class TiqWriter
{
    private const int OffsetDigits = 9;
    private const string OffsetPlaceholder = "#########";
    private const int ChunkComponents = 1 << 14;

    /// <summary>
    /// Writes <paramref name="interleavedIqVolts"/> with a Scaling that maps the peak component to the int32
    /// full scale, so quantisation costs no more than it must.
    /// </summary>
    public static void Write(Stream output, ReadOnlySpan<float> interleavedIqVolts, double sampleRate, double centerFrequency, DateTimeOffset time)
    {
        if (interleavedIqVolts.Length % 2 != 0)
            throw new ArgumentException($"interleavedIqVolts: needs an even length for I,Q pairs (got {interleavedIqVolts.Length})");
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate))
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample_rate: must be positive and finite");
        var peak = PeakMagnitude(interleavedIqVolts);
        var scaling = peak > 0 ? peak / int.MaxValue : 1.0 / 2147483648.0;

        output.Write(Encoding.UTF8.GetBytes(Header(interleavedIqVolts.Length / 2, sampleRate, centerFrequency, scaling, time)));

        var chunk = new int[ChunkComponents];
        for (var start = 0; start < interleavedIqVolts.Length; start += ChunkComponents)
        {
            var source = interleavedIqVolts.Slice(start, Math.Min(ChunkComponents, interleavedIqVolts.Length - start));
            for (var i = 0; i < source.Length; i++)
                chunk[i] = (int)Math.Clamp(Math.Round(source[i] / scaling), int.MinValue, int.MaxValue);
            output.Write(MemoryMarshal.AsBytes(chunk.AsSpan(0, source.Length)));
        }
    }

    private static double PeakMagnitude(ReadOnlySpan<float> values)
    {
        var peak = 0f;
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
                throw new ArgumentException("interleavedIqVolts: contains NaN or infinity, which int32 samples cannot hold");
            peak = Math.Max(peak, Math.Abs(v));
        }
        return peak;
    }

    private static string Header(long samples, double sampleRate, double centerFrequency, double scaling, DateTimeOffset time)
    {
        // The analyser's acquisition bandwidth is 0.8 fs; span and RBW follow the instrument's defaults for it.
        var bandwidth = 0.8 * sampleRate;
        var span = 0.64 * sampleRate;
        var rbw = span / 100;
        string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var xml = $"""
            <DataFile offset="{OffsetPlaceholder}" version="0.3">
            <DataSetsCollection xmlns="http://www.tektronix.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <DataSets version="1" count="1" xmlns="http://www.tektronix.com">
            <DataDescription>
            <SamplingFrequency units="Hz">{N(sampleRate)}</SamplingFrequency>
            <NumberSamples>{samples.ToString(CultureInfo.InvariantCulture)}</NumberSamples>
            <SamplesType>IQ</SamplesType>
            <NumberFormat>Int32</NumberFormat>
            <Endian>Little</Endian>
            <Scaling>{N(scaling)}</Scaling>
            <DateTime>{time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture)}</DateTime>
            </DataDescription>
            <DataSet>
            <TriggerPosition units="Seconds">0</TriggerPosition>
            <TimestampOffset units="Seconds">0.00000000</TimestampOffset>
            </DataSet>
            <ProductSpecific name="Cluster.Signal">
            <Source>Cluster.Signal.TiqWriter</Source>
            <Frequency units="Hz">{N(centerFrequency)}</Frequency>
            <AcquisitionBandwidth units="Hz">{N(bandwidth)}</AcquisitionBandwidth>
            <RFAttenuation units="dB">0</RFAttenuation>
            </ProductSpecific>
            </DataSets>
            </DataSetsCollection>
            <Setup>
            <RSAPersist version="1.12">
            <Application>RSA6100</Application>
            <Internal>
            <Composite pid="freqParams" collection="t">
            <Items>
            <NumericParameter pid="specanrange" name="Span">
            <Value>{N(span)}</Value>
            <Auto>false</Auto>
            <Units>None</Units>
            </NumericParameter>
            <NumericParameter pid="fmtRBW" name="Resolution Bandwidth">
            <Value>{N(rbw)}</Value>
            <Auto>true</Auto>
            <Units>None</Units>
            </NumericParameter>
            </Items>
            </Composite>
            </Internal>
            </RSAPersist>
            </Setup>
            </DataFile>
            """.ReplaceLineEndings("\r\n");
        // Replacing a fixed-width placeholder keeps the byte length, so the offset can name the header's own size.
        var length = Encoding.UTF8.GetByteCount(xml);
        return xml.Replace(OffsetPlaceholder, length.ToString(new string('0', OffsetDigits), CultureInfo.InvariantCulture));
    }
}
