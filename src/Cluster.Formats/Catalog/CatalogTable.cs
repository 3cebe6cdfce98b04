using System.Text.Json;

namespace Cluster.Formats.Catalog;

/// <summary>
/// A stream's scalar events: <see cref="Columns"/> are <c>seq_num</c>, <c>time</c>, then the event keys. Cells keep their
/// JSON value (numbers, strings, lists); <see cref="Numeric"/> gives a column as numbers when every cell is one.
/// </summary>
public sealed class CatalogTable
{
    private readonly Dictionary<string, JsonElement?[]> _data;

    private CatalogTable(string stream, IReadOnlyList<string> columns, long[] seqNum, double[] time, Dictionary<string, JsonElement?[]> data)
    {
        Stream = stream;
        Columns = columns;
        SeqNum = seqNum;
        Time = time;
        _data = data;
    }

    public string Stream { get; }
    public IReadOnlyList<string> Columns { get; }
    public int RowCount => SeqNum.Length;
    public long[] SeqNum { get; }

    /// <summary>Event times, unix seconds.</summary>
    public double[] Time { get; }

    /// <summary>The cells of an event-key column; null where an event lacks the key.</summary>
    /// <exception cref="KeyNotFoundException">No such column (seq_num and time are <see cref="SeqNum"/> and <see cref="Time"/>).</exception>
    public IReadOnlyList<JsonElement?> this[string column] =>
        _data.TryGetValue(column, out var cells) ? cells : throw new KeyNotFoundException($"stream {Stream} has no column '{column}' (columns: {string.Join(", ", Columns)})");

    /// <summary>
    /// The column as doubles (seq_num and time included), missing cells and Python's NaN as NaN, booleans as 0/1; null
    /// when a cell holds something else (a string, a list).
    /// </summary>
    public double[]? Numeric(string column)
    {
        if (column == "seq_num") return SeqNum.Select(n => (double)n).ToArray();
        if (column == "time") return (double[])Time.Clone();
        var cells = this[column];
        var values = new double[cells.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (cells[i] is not { } cell) { values[i] = double.NaN; continue; }
            switch (cell.ValueKind)
            {
                case JsonValueKind.Number: values[i] = cell.GetDouble(); break;
                case JsonValueKind.True: values[i] = 1; break;
                case JsonValueKind.False: values[i] = 0; break;
                case JsonValueKind.Null: values[i] = double.NaN; break;
                case JsonValueKind.String when cell.GetString() is "NaN" or "Infinity" or "-Infinity":
                    values[i] = double.Parse(cell.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default: return null;
            }
        }
        return values;
    }

    internal static CatalogTable FromEvents(string stream, List<long> seqNums, List<double> times, List<JsonElement> rows)
    {
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { "seq_num", "time" };
        foreach (var row in rows)
            foreach (var property in row.EnumerateObject())
                if (seen.Add(property.Name)) keys.Add(property.Name);
        var data = keys.ToDictionary(k => k, _ => new JsonElement?[rows.Count], StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
            foreach (var property in rows[i].EnumerateObject())
                if (data.TryGetValue(property.Name, out var column)) column[i] = property.Value;
        return new CatalogTable(stream, ["seq_num", "time", .. keys], seqNums.ToArray(), times.ToArray(), data);
    }
}
