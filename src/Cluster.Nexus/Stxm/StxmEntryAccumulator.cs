namespace Cluster.Nexus.Stxm;

/// <summary>
/// Collects one entry's points as runs are read: every array starts as NaN, so points an aborted scan never
/// recorded stay NaN. <c>grid</c> is the row-major index into the signal, <c>point</c> the chronological index.
/// </summary>
internal sealed class StxmEntryAccumulator
{
    public StxmEntryAccumulator(string name, StxmLayout layout, long[] shape, bool hasZonePlateZ)
    {
        Name = name;
        Layout = layout;
        Shape = shape;
        var n = checked((int)shape.Aggregate(1L, (p, x) => p * x));
        Data = Filled(n);
        Energy = Filled(n);
        X = Filled(n);
        Y = Filled(n);
        Ring = Filled(n);
        Z = hasZonePlateZ ? Filled(n) : null;
    }

    public string Name { get; }
    /// <summary>The spatial region (sp_id) and polarization index, when the scan family knows them better than the run's img_idx_map.</summary>
    public int? RegionId { get; init; }
    public int? PolarizationIndex { get; init; }
    public StxmLayout Layout { get; }
    public long[] Shape { get; }
    public int PointCount => Data.Length;
    public double[] Data { get; }
    /// <summary>Detector values in chronological order: the same array as <see cref="Data"/> until a point lands elsewhere in the grid (snaking, focus rows).</summary>
    public double[] Counts => _counts ?? Data;
    public double[] Energy { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[]? Z { get; }
    public double[] Ring { get; }
    /// <summary>Ring current laid out like <see cref="Data"/> (the control monitor's signal).</summary>
    public double[] RingGrid => _ringGrid ?? Ring;
    public long Recorded { get; private set; }
    public List<StxmRunData> Runs { get; } = [];

    // Most scans record points in grid order (stacks, images, spectra): then the chronological arrays and the grid
    // arrays are one array each, which halves the memory a large stack needs. The first point out of grid order
    // splits them; until then they were equal, so a copy is exact.
    private double[]? _counts;
    private double[]? _ringGrid;

    public void Put(int grid, int point, double value, double energy, double x, double y, double z, double ring)
    {
        if (grid != point && _counts is null)
        {
            _counts = (double[])Data.Clone();
            _ringGrid = (double[])Ring.Clone();
        }
        Data[grid] = value;
        if (_counts is not null) _counts[point] = value;
        Energy[point] = energy;
        X[point] = x;
        Y[point] = y;
        if (Z is not null) Z[point] = z;
        Ring[point] = ring;
        if (_ringGrid is not null) _ringGrid[grid] = ring;
        Recorded++;
    }

    public void AddRun(StxmRunData run)
    {
        if (!Runs.Contains(run)) Runs.Add(run);
    }

    private static double[] Filled(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
