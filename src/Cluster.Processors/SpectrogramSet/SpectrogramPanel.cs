namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// One row's data after the data path: times, the kept y values ascending, and the values y-major
/// (<c>Values[j * Time.Length + i]</c> at Y[j], Time[i]), not yet floored for colour.
/// </summary>
public sealed record SpectrogramPanel
{
    public required double[] Time { get; init; }
    public required double[] Y { get; init; }
    public required double[] Values { get; init; }

    /// <summary>
    /// Y-major like <see cref="Values"/>: whether the cell had any sample that is not NaN. A cell without is a gap
    /// (nansum made it 0 for the pinned data path; the figure shows it as background, not as the value 0).
    /// </summary>
    public required bool[] Sampled { get; init; }

    /// <summary>The data's units when its file says (an HDF5 <c>units</c> attribute); NPZ files carry none.</summary>
    public string? Units { get; init; }

    /// <summary>Per time: whether any kept cell had a finite sample behind it.</summary>
    public required bool[] TimeHasData { get; init; }

    /// <summary>False when no kept cell had a finite sample: the row has no data in range.</summary>
    public bool HasData => Array.IndexOf(TimeHasData, true) >= 0;

    /// <summary><paramref name="figureValues"/> (laid out as <see cref="Values"/>) with every gap cell set to NaN, in place.</summary>
    public double[] WithGaps(double[] figureValues)
    {
        if (figureValues.Length != Sampled.Length)
            throw new ArgumentException($"{figureValues.Length} values for a panel of {Sampled.Length} cells", nameof(figureValues));
        for (var i = 0; i < figureValues.Length; i++)
            if (!Sampled[i]) figureValues[i] = double.NaN;
        return figureValues;
    }

    /// <summary>Whether data exist at a time inside <paramref name="window"/>.</summary>
    public bool HasDataIn(ZoomWindow window)
    {
        for (var i = 0; i < Time.Length; i++)
            if (TimeHasData[i] && window.Contains(Time[i])) return true;
        return false;
    }

    /// <summary>
    /// The data path of the batch plotting seed: collapse a 3-D cube with nansum along <paramref name="collapseAxis"/>
    /// (a 2-D array is already (time, y)); keep the y values with yMin &lt;= y &lt;= yMax (and y &gt; 0 on a log axis),
    /// dropping y columns that are NaN at every time; flip a descending y axis to ascending; transpose to y-major.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes that do not fit together, or times/y values out of order; the message says which array.</exception>
    public static SpectrogramPanel Build(PanelArray x, PanelArray y, PanelArray data, int? collapseAxis, double? yMin, double? yMax, bool yLog)
    {
        if (x.Rank != 1) throw new ArgumentException($"x: must be one-dimensional (got shape {Format(x.Shape)})");
        if (y.Rank != 1) throw new ArgumentException($"y: must be one-dimensional (got shape {Format(y.Shape)})");
        TimeByY matrix = data.Rank switch
        {
            3 => CubeCollapse.NanSum(data.Data, data.Shape, collapseAxis ?? 1),
            2 when collapseAxis is not null => throw new ArgumentException($"collapse_axis: the data array is 2-D (shape {Format(data.Shape)}), there is nothing to collapse"),
            2 => CubeCollapse.AsIs(data.Data, data.Shape),
            _ => throw new ArgumentException($"data: must be 2-D (time, y) or 3-D (got shape {Format(data.Shape)})"),
        };
        if (collapseAxis is { } axis && axis is < 0 or > 2)
            throw new ArgumentException($"collapse_axis: must be 0, 1 or 2 (got {axis})");
        if (matrix.Times != x.Data.Length || matrix.Ys != y.Data.Length)
            throw new ArgumentException(
                $"data: shape {Format(data.Shape)}{(data.Rank == 3 ? $" collapsed along axis {collapseAxis ?? 1}" : "")} gives " +
                $"{matrix.Times} times x {matrix.Ys} y values, but x has {x.Data.Length} and y has {y.Data.Length}");
        var time = x.Data;
        for (var i = 0; i < time.Length; i++)
        {
            if (!double.IsFinite(time[i])) throw new ArgumentException($"x: time {i} is {time[i]}");
            if (i > 0 && !(time[i] > time[i - 1]))
                throw new ArgumentException($"x: times must increase (x[{i}] = {time[i]:R} after x[{i - 1}] = {time[i - 1]:R})");
        }

        var kept = KeptColumns(matrix, y.Data, yMin ?? double.NegativeInfinity, yMax ?? double.PositiveInfinity, yLog);
        var ys = kept.Select(j => y.Data[j]).ToArray();
        if (ys.Length > 1 && ys[0] > ys[^1])
        {
            Array.Reverse(kept);
            Array.Reverse(ys);
        }
        for (var j = 1; j < ys.Length; j++)
            if (!(ys[j] > ys[j - 1]))
                throw new ArgumentException($"y: values must increase or decrease strictly (got {ys[j - 1]:R} then {ys[j]:R})");

        var nt = matrix.Times;
        var values = new double[ys.Length * nt];
        var sampled = new bool[ys.Length * nt];
        var timeHasData = new bool[nt];
        for (var j = 0; j < kept.Length; j++)
        {
            var column = kept[j];
            for (var i = 0; i < nt; i++)
            {
                var cell = i * matrix.Ys + column;
                values[j * nt + i] = matrix.Values[cell];
                sampled[j * nt + i] = matrix.Sampled[cell];
                timeHasData[i] |= matrix.Finite[cell];
            }
        }
        return new SpectrogramPanel { Time = time, Y = ys, Values = values, Sampled = sampled, TimeHasData = timeHasData, Units = data.Units };
    }

    private static int[] KeptColumns(TimeByY matrix, double[] y, double yMin, double yMax, bool yLog)
    {
        var kept = new List<int>();
        for (var j = 0; j < y.Length; j++)
        {
            if (!(y[j] >= yMin && y[j] <= yMax) || (yLog && !(y[j] > 0))) continue;
            var allNaN = true;
            for (var i = 0; i < matrix.Times && allNaN; i++)
                allNaN = double.IsNaN(matrix.Values[i * matrix.Ys + j]);
            if (!allNaN || matrix.Times == 0) kept.Add(j);
        }
        return kept.ToArray();
    }

    private static string Format(long[] shape) => $"({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")})";
}
