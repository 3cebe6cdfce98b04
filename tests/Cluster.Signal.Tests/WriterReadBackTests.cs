using System.Globalization;
using Cluster.TestSupport;

namespace Cluster.Signal.Tests;

/// <summary>The writers' files as an independent reader (numpy, json, an iqtools-style header parse) sees them.</summary>
public sealed class WriterReadBackTests
{
    [Fact]
    public void Tiq_reads_back_in_numpy_like_iqtools_reads_it()
    {
        using var dir = new TempDirectory();
        var iq = SyntheticRecordings.Tone(5000, 390625, 12_000, 0.003, noise: 0.0005);
        var path = dir.File("demo.tiq");
        using (var file = File.Create(path))
            TiqWriter.Write(file, iq, 390625, 244778900, SyntheticRecordings.Time);

        const string script = """
            import sys, numpy as np, xml.etree.ElementTree as et
            path = sys.argv[1]
            raw = open(path, 'rb').read()
            offset = int(raw[:100].split(b'"')[1])
            root = et.fromstring(raw[:offset])
            ns = '{http://www.tektronix.com}'
            dd = root.find(f'{ns}DataSetsCollection/{ns}DataSets/{ns}DataDescription')
            ps = root.find(f'{ns}DataSetsCollection/{ns}DataSets/{ns}ProductSpecific')
            span = [float(e.find('Value').text) for e in root.iter('NumericParameter') if e.get('pid') in ('specanrange', 'globalrange')][-1]
            rbw = [float(e.find('Value').text) for e in root.iter('NumericParameter') if e.get('pid') == 'fmtRBW'][-1]
            scale = float(dd.find(f'{ns}Scaling').text)
            n = int(dd.find(f'{ns}NumberSamples').text)
            x = np.fromfile(path, dtype='<i4', offset=offset)
            assert x.size == 2 * n, (x.size, n)
            volts = x.astype(np.float64) * scale
            print(offset, len(raw[:offset]), float(dd.find(f'{ns}SamplingFrequency').text), float(ps.find(f'{ns}Frequency').text),
                  dd.find(f'{ns}DateTime').text, span, rbw, np.abs(x).max())
            np.savetxt(sys.stdout, volts[:, None], fmt='%.9e')
            """;
        var lines = Python.Run(script, path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = lines[0].Split(' ');
        var headerLength = long.Parse(summary[0], CultureInfo.InvariantCulture);
        Assert.Equal(new FileInfo(path).Length - 8 * 5000, headerLength);
        Assert.Equal(390625.0, double.Parse(summary[2], CultureInfo.InvariantCulture));
        Assert.Equal(244778900.0, double.Parse(summary[3], CultureInfo.InvariantCulture));
        Assert.Equal(SyntheticRecordings.Time, DateTimeOffset.Parse(summary[4], CultureInfo.InvariantCulture));
        Assert.True(double.Parse(summary[5], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(summary[6], CultureInfo.InvariantCulture) > 0);
        // Scaling is chosen from the peak: the largest component uses the full int32 range.
        Assert.Equal(int.MaxValue, double.Parse(summary[7], CultureInfo.InvariantCulture), 1.0);
        var peak = iq.Max(Math.Abs);
        for (var i = 0; i < iq.Length; i++)
            Assert.Equal(iq[i], double.Parse(lines[1 + i], CultureInfo.InvariantCulture), peak * 1e-6);
    }

    [Theory]
    [InlineData(SigMfDatatype.Cf32Le, "complex64", 1.0)]
    [InlineData(SigMfDatatype.Ci16Le, "int16", 32768.0)]
    [InlineData(SigMfDatatype.Ci32Le, "int32", 2147483648.0)]
    public void Sigmf_reads_back_in_numpy(SigMfDatatype datatype, string numpyType, double fullScale)
    {
        using var dir = new TempDirectory();
        var iq = SyntheticRecordings.Tone(2000, 2e6, 300_000, 0.7, noise: 0.2);
        var stem = dir.File("rec");
        using (var file = File.Create(stem + ".sigmf-data"))
            SigMfWriter.WriteData(file, iq, datatype);
        File.WriteAllText(stem + ".sigmf-meta", SigMfWriter.MetaJson(datatype, 2e6, 915e6, SyntheticRecordings.Time, "read-back test"));

        const string script = """
            import sys, json, numpy as np
            stem, numpy_type, full_scale = sys.argv[1], sys.argv[2], float(sys.argv[3])
            meta = json.load(open(stem + '.sigmf-meta'))
            g, c = meta['global'], meta['captures'][0]
            x = np.fromfile(stem + '.sigmf-data', dtype=np.dtype(numpy_type).newbyteorder('<'))
            if numpy_type == 'complex64':
                x = x.view('<f4')
            volts = x.astype(np.float64) / full_scale
            print(g['core:datatype'], g['core:sample_rate'], c['core:frequency'], c['core:datetime'], c['core:sample_start'], g['core:version'])
            np.savetxt(sys.stdout, volts[:, None], fmt='%.9e')
            """;
        var lines = Python.Run(script, stem, numpyType, fullScale.ToString(CultureInfo.InvariantCulture)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var meta = lines[0].Split(' ');
        Assert.Equal(datatype switch { SigMfDatatype.Cf32Le => "cf32_le", SigMfDatatype.Ci16Le => "ci16_le", _ => "ci32_le" }, meta[0]);
        Assert.Equal(2e6, double.Parse(meta[1], CultureInfo.InvariantCulture));
        Assert.Equal(915e6, double.Parse(meta[2], CultureInfo.InvariantCulture));
        Assert.Equal(SyntheticRecordings.Time, DateTimeOffset.Parse(meta[3], CultureInfo.InvariantCulture));
        Assert.Equal("0", meta[4]);
        Assert.Equal(iq.Length, lines.Length - 1);
        var tolerance = datatype == SigMfDatatype.Ci16Le ? 1.0 / 32768 : 1e-7;
        for (var i = 0; i < iq.Length; i++)
            Assert.Equal(iq[i], double.Parse(lines[1 + i], CultureInfo.InvariantCulture), tolerance);
    }
}
