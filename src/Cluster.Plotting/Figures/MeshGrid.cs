namespace Cluster.Plotting;

/// <summary>
/// A grid given by its cell centres, which may be irregularly spaced (log-spaced energies, times with gaps):
/// <c>Values[j * X.Length + i]</c> is the cell at (X[i], Y[j]); NaN marks a missing cell.
/// </summary>
/// <remarks>
/// Cells are drawn as matplotlib's <c>pcolormesh(shading='nearest')</c> draws them: edges at the midpoints
/// between neighbouring centres, the outer edges half a neighbouring spacing beyond the first and last centre.
/// Midpoints are taken in the axis's domain (log10 on a log axis), so log-spaced centres get cells of equal
/// width on a log axis. A lone centre's cell spans the whole axis.
/// </remarks>
public sealed record MeshGrid
{
    public double[] X { get; }
    public double[] Y { get; }
    public ReadOnlyMemory<double> Values { get; }

    public MeshGrid(double[] x, double[] y, ReadOnlyMemory<double> values)
    {
        RequireIncreasing(x, "X");
        RequireIncreasing(y, "Y");
        if (values.Length != (long)x.Length * y.Length)
            throw new ArgumentException($"mesh of {y.Length} Y × {x.Length} X needs {(long)x.Length * y.Length} values, got {values.Length}");
        X = x;
        Y = y;
        Values = values;
    }

    /// <summary>Cell edges (one more than centres) in data units, for centres on an axis with <paramref name="scale"/>.</summary>
    public static double[] CellEdges(IReadOnlyList<double> centres, AxisScale scale)
    {
        var domain = centres.Select(c => ToDomain(c, scale)).ToArray();
        var edges = DomainEdges(domain);
        return scale == AxisScale.Log ? edges.Select(e => Math.Pow(10, e)).ToArray() : edges;
    }

    /// <summary>Edges at midpoints of centres that are already in the axis's domain; ±∞ around a lone centre.</summary>
    internal static double[] DomainEdges(double[] centres)
    {
        var n = centres.Length;
        var edges = new double[n + 1];
        if (n == 1)
        {
            edges[0] = double.NegativeInfinity;
            edges[1] = double.PositiveInfinity;
            return edges;
        }
        for (var i = 1; i < n; i++)
            edges[i] = (centres[i - 1] + centres[i]) / 2;
        edges[0] = centres[0] - (centres[1] - centres[0]) / 2;
        edges[n] = centres[n - 1] + (centres[n - 1] - centres[n - 2]) / 2;
        return edges;
    }

    internal static double ToDomain(double value, AxisScale scale) =>
        scale == AxisScale.Log ? value > 0 ? Math.Log10(value) : double.NaN : value;

    private static void RequireIncreasing(double[] axis, string name)
    {
        if (axis.Length == 0)
            throw new ArgumentException($"mesh {name} needs at least one cell centre");
        for (var i = 0; i < axis.Length; i++)
        {
            if (!double.IsFinite(axis[i]))
                throw new ArgumentException($"mesh {name}[{i}] is {axis[i]}; cell centres must be finite");
            if (i > 0 && !(axis[i] > axis[i - 1]))
                throw new ArgumentException($"mesh {name} must increase, but [{i - 1}] = {axis[i - 1]} and [{i}] = {axis[i]}");
        }
    }
}
