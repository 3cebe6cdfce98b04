namespace Cluster.Signal;

/// <summary>Window coefficients matching scipy.signal.get_window(name, n) (periodic, fftbins=True).</summary>
public static class WindowFunction
{
    public static double[] Coefficients(WindowKind kind, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var w = new double[length];
        for (var i = 0; i < length; i++)
        {
            var phase = 2 * Math.PI * i / length;
            w[i] = kind switch
            {
                WindowKind.Rect => 1.0,
                WindowKind.Hann => 0.5 - 0.5 * Math.Cos(phase),
                WindowKind.Blackman => 0.42 - 0.5 * Math.Cos(phase) + 0.08 * Math.Cos(2 * phase),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }
        return w;
    }

    public static string Name(this WindowKind kind) => kind switch
    {
        WindowKind.Rect => "rect",
        WindowKind.Hann => "hann",
        WindowKind.Blackman => "blackman",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
