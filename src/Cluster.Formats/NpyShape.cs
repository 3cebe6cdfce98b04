namespace Cluster.Formats;

/// <summary>Shape arithmetic and the Python tuple spelling used in .npy headers.</summary>
internal static class NpyShape
{
    /// <summary>The number of elements, or null when a dimension is negative or the product overflows.</summary>
    public static long? ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0) return null;
            if (dimension != 0 && count > long.MaxValue / dimension) return null;
            count *= dimension;
        }
        return count;
    }

    /// <summary>As Python prints a tuple: <c>()</c>, <c>(5,)</c>, <c>(2, 3)</c>.</summary>
    public static string Format(ReadOnlySpan<long> shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => $"({string.Join(", ", shape.ToArray())})",
    };
}
