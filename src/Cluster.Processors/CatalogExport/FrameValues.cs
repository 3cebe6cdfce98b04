using Cluster.Formats;

namespace Cluster.Processors.CatalogExport;

/// <summary>Detector frames of any numeric element type as doubles, for sums and figures.</summary>
public static class FrameValues
{
    /// <summary>Adds the frame's elements to <paramref name="sum"/> element by element.</summary>
    public static void AddTo(Span<double> sum, NpyArray frame)
    {
        if (frame.ElementCount != sum.Length)
            throw new ArgumentException($"frame of {frame.ElementCount} elements added to a sum of {sum.Length}");
        switch (frame.Data)
        {
            case int[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case ushort[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case uint[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case short[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case byte[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case sbyte[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case long[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case ulong[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case float[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case double[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i]; break;
            case bool[] a: for (var i = 0; i < a.Length; i++) sum[i] += a[i] ? 1 : 0; break;
            default: throw new ArgumentException($"frames of {frame.Dtype} cannot be summed");
        }
    }
}
