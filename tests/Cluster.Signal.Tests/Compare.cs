namespace Cluster.Signal.Tests;

/// <summary>The relative-error measures the reference comparisons are stated in.</summary>
internal static class Compare
{
    /// <summary>max |a-b| / max |b|.</summary>
    public static double RelativeToPeak(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }
        return maxDiff / maxRef;
    }

    /// <summary>Largest |a-b|/|b| over elements with |b| above <paramref name="fractionOfPeak"/> of the peak.</summary>
    public static double ElementwiseRelative(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double fractionOfPeak)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxRef = 0;
        foreach (var v in expected) maxRef = Math.Max(maxRef, Math.Abs((double)v));
        double worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs((double)expected[i]) > fractionOfPeak * maxRef)
                worst = Math.Max(worst, Math.Abs((double)actual[i] - expected[i]) / Math.Abs((double)expected[i]));
        }
        return worst;
    }
}
