namespace Cluster.Core.Metrics;

/// <summary>
/// A cumulative Prometheus histogram with fixed upper bounds, safe to observe from many threads at once
/// (one lock per observation: at most a few thousand items per second per process, so contention is negligible).
/// </summary>
public sealed class Histogram
{
    /// <summary>Bounds for item processing times: 10 ms to 30 minutes.</summary>
    public static readonly IReadOnlyList<double> DurationBounds = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private readonly Lock _lock = new();
    private double _sum;
    private long _count;

    public Histogram(IReadOnlyList<double> bounds)
    {
        if (bounds.Count == 0 || bounds.Zip(bounds.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException("histogram bounds must be non-empty and strictly increasing", nameof(bounds));
        _bounds = [.. bounds];
        _counts = new long[bounds.Count];
    }

    public void Observe(double value)
    {
        lock (_lock)
        {
            for (var i = 0; i < _bounds.Length; i++)
                if (value <= _bounds[i]) _counts[i]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>Writes <c>name_bucket</c> (cumulative, ending with <c>le="+Inf"</c>), <c>name_sum</c> and <c>name_count</c>.</summary>
    public void WriteTo(PrometheusTextWriter writer, string name, params (string Name, string Value)[] labels)
    {
        long[] counts;
        double sum;
        long count;
        lock (_lock)
        {
            counts = [.. _counts];
            sum = _sum;
            count = _count;
        }
        for (var i = 0; i < _bounds.Length; i++)
            writer.Sample(name + "_bucket", counts[i], [.. labels, ("le", PrometheusTextWriter.FormatValue(_bounds[i]))]);
        writer.Sample(name + "_bucket", count, [.. labels, ("le", "+Inf")]);
        writer.Sample(name + "_sum", sum, labels);
        writer.Sample(name + "_count", count, labels);
    }
}
