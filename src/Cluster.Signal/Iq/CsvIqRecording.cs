using System.Globalization;

namespace Cluster.Signal;

/// <summary>
/// IQ samples as text columns (<c>.csv</c>/<c>.txt</c>, as spectrum analysers and scripts export them): rows of
/// <c>I, Q</c>, or <c>time, I, Q</c> (time in seconds: its step gives the sample rate). Commas, semicolons, tabs or
/// spaces separate fields; lines that do not start with a number (headers, comments) are skipped. iqtools' layout
/// (<c>iqtools/csvdata.py</c>: <c>|</c>-separated, first row <c>fs|centre</c>, then <c>I|Q</c>) is recognised by its
/// separator. Text recordings are small, so the samples are parsed into memory once.
/// </summary>
public sealed class CsvIqRecording : IqRecording
{
    private const long MaxBytes = 1L << 30;
    private static readonly char[] Separators = [',', ';', '\t', ' ', '|'];

    private readonly float[] samples;

    private CsvIqRecording(string path, double rate, double centre, float[] samples, List<string> notes)
        : base(path, "text columns", rate, centre, samples.Length / 2, null, notes)
    {
        this.samples = samples;
    }

    public static CsvIqRecording Open(string path, IqOpenOptions? options = null)
    {
        options ??= IqOpenOptions.None;
        FileInfo info = new(path);
        if (!info.Exists) throw new InvalidIqFileException(path, "file not found");
        if (info.Length > MaxBytes)
            throw new InvalidIqFileException(path, $"a text IQ file of {info.Length} bytes is too large (limit {MaxBytes}); store it in a binary format");
        var values = new List<float>();
        int? columns = null;
        double? firstTime = null, secondTime = null, iqtoolsRate = null, iqtoolsCentre = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                continue;
            if (columns is null && line.Contains('|') && fields.Length == 2)
            {
                iqtoolsRate = Parse(path, lineNumber, fields, 0);
                iqtoolsCentre = Parse(path, lineNumber, fields, 1);
                columns = 2;
                continue;
            }
            columns ??= fields.Length;
            if (columns is not (2 or 3))
                throw new InvalidIqFileException(path, $"line {lineNumber}: {columns} numeric columns; expected I, Q or time, I, Q");
            if (fields.Length != columns)
                throw new InvalidIqFileException(path, $"line {lineNumber}: {fields.Length} columns where earlier rows have {columns}");
            var numbers = new double[fields.Length];
            for (var f = 0; f < fields.Length; f++)
                numbers[f] = Parse(path, lineNumber, fields, f);
            if (columns == 3)
            {
                if (firstTime is null) firstTime = numbers[0];
                else secondTime ??= numbers[0];
            }
            values.Add((float)numbers[columns.Value - 2]);
            values.Add((float)numbers[columns.Value - 1]);
        }
        if (values.Count == 0)
            throw new InvalidIqFileException(path, "file holds no rows of numbers");
        var notes = new List<string>();
        double? recordedRate = iqtoolsRate ?? (firstTime is { } t0 && secondTime is { } t1 && t1 > t0 ? 1 / (t1 - t0) : null);
        var where = iqtoolsRate is null ? "time column" : "first row, iqtools layout";
        var rate = RecordingFacts.SampleRate(path, options, recordedRate, where, notes);
        var centre = RecordingFacts.CenterFrequency(options, iqtoolsCentre, where, notes);
        return new CsvIqRecording(path, rate, centre, values.ToArray(), notes);
    }

    private static double Parse(string path, int lineNumber, string[] fields, int f) =>
        double.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidIqFileException(path, $"line {lineNumber}, column {f + 1}: '{fields[f]}' is not a finite number");

    private protected override void ReadSamples(long firstSample, Span<float> interleavedIq) =>
        samples.AsSpan((int)(2 * firstSample), interleavedIq.Length).CopyTo(interleavedIq);

    public override void Dispose() { }
}
