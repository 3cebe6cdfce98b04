namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// A (time, y) matrix in row-major order, with which cells had at least one finite sample behind them
/// (<paramref name="Finite"/>) and which had any sample at all, i.e. not only NaN (<paramref name="Sampled"/>: a cell
/// without is a gap, no measurement, drawn as background).
/// </summary>
public sealed record TimeByY(int Times, int Ys, double[] Values, bool[] Finite, bool[] Sampled);

/// <summary>
/// Collapses a 3-D cube to (time, y) with numpy's <c>nansum</c> along one axis: NaN samples count as 0, a cell with
/// only NaN samples is 0, and infinities add up as IEEE says (inf + -inf is NaN). The two axes left, in their
/// order, are time and y. Samples are added in axis order, as numpy does along a non-contiguous axis.
/// </summary>
public static class CubeCollapse
{
    public static TimeByY NanSum(double[] data, long[] shape, int axis)
    {
        if (shape.Length != 3) throw new ArgumentException($"a cube has 3 dimensions (got {shape.Length})", nameof(shape));
        if (axis is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(axis), axis, "collapse_axis is 0, 1 or 2");
        var dims = shape.Select(d => checked((int)d)).ToArray();
        int[] strides = [dims[1] * dims[2], dims[2], 1];
        var (a, b) = axis switch { 0 => (1, 2), 1 => (0, 2), _ => (0, 1) };
        int times = dims[a], ys = dims[b], depth = dims[axis];
        int timeStride = strides[a], yStride = strides[b], depthStride = strides[axis];
        var sums = new double[times * ys];
        var finite = new bool[times * ys];
        var sampled = new bool[times * ys];
        for (var t = 0; t < times; t++)
        {
            var row = t * ys;
            for (var k = 0; k < depth; k++)
            {
                var offset = t * timeStride + k * depthStride;
                for (var e = 0; e < ys; e++)
                {
                    var v = data[offset + e * yStride];
                    if (double.IsNaN(v)) continue;
                    sums[row + e] += v;
                    sampled[row + e] = true;
                    if (double.IsFinite(v)) finite[row + e] = true;
                }
            }
        }
        return new TimeByY(times, ys, sums, finite, sampled);
    }

    /// <summary>A 2-D (time, y) array as it is.</summary>
    public static TimeByY AsIs(double[] data, long[] shape)
    {
        if (shape.Length != 2) throw new ArgumentException($"a matrix has 2 dimensions (got {shape.Length})", nameof(shape));
        var finite = new bool[data.Length];
        var sampled = new bool[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            finite[i] = double.IsFinite(data[i]);
            sampled[i] = !double.IsNaN(data[i]);
        }
        return new TimeByY(checked((int)shape[0]), checked((int)shape[1]), data, finite, sampled);
    }
}
