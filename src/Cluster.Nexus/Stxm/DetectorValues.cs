namespace Cluster.Nexus.Stxm;

/// <summary>
/// A run's detector values in chronological order, indexed as one flat array. Waveform detectors keep the events'
/// own rows (parsed once when the file was read) instead of a concatenated copy: a 50 x 256 x 256 x 2 stack would
/// otherwise allocate its 52 MB of counts twice before the entries are filled.
/// </summary>
internal readonly struct DetectorValues
{
    private readonly double[][] _rows;
    private readonly int _rowLength;

    private DetectorValues(double[][] rows, int rowLength, int length)
    {
        _rows = rows;
        _rowLength = rowLength;
        Length = length;
    }

    public static DetectorValues Empty => new([], 1, 0);

    /// <summary>One value per event.</summary>
    public static DetectorValues OfScalars(double[] values) => new([values], Math.Max(values.Length, 1), values.Length);

    /// <summary>One row of <paramref name="rowLength"/> values per event (every row that long).</summary>
    public static DetectorValues OfRows(double[][] rows, int rowLength) => new(rows, Math.Max(rowLength, 1), checked(rows.Length * rowLength));

    public int Length { get; }

    public double this[int k] => _rows[k / _rowLength][k % _rowLength];
}
