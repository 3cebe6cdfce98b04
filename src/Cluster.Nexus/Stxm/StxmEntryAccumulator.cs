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
        Counts = Filled(n);
        Energy = Filled(n);
        X = Filled(n);
        Y = Filled(n);
        Ring = Filled(n);
        RingGrid = Filled(n);
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
    public double[] Counts { get; }
    public double[] Energy { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public double[]? Z { get; }
    public double[] Ring { get; }
    /// <summary>Ring current laid out like <see cref="Data"/> (the control monitor's signal).</summary>
    public double[] RingGrid { get; }
    public long Recorded { get; private set; }
    public List<StxmRunData> Runs { get; } = [];

    public void Put(int grid, int point, double value, double energy, double x, double y, double z, double ring)
    {
        Data[grid] = value;
        Counts[point] = value;
        Energy[point] = energy;
        X[point] = x;
        Y[point] = y;
        if (Z is not null) Z[point] = z;
        Ring[point] = ring;
        RingGrid[grid] = ring;
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
