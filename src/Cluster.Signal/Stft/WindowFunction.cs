using MathNet.Numerics;

namespace Cluster.Signal;

/// <summary>
/// Window coefficients matching scipy.signal.get_window(name, n) (periodic, fftbins=True), from MathNet.Numerics:
/// a periodic window of n points is the first n points of the symmetric window of n + 1 (within 4e-16 of scipy).
/// </summary>
public static class WindowFunction
{
    public static double[] Coefficients(WindowKind kind, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return kind switch
        {
            WindowKind.Rect => Window.Dirichlet(length),
            WindowKind.Hann => Window.HannPeriodic(length),
            WindowKind.Blackman => Window.Blackman(length + 1)[..length],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static string Name(this WindowKind kind) => kind switch
    {
        WindowKind.Rect => "rect",
        WindowKind.Hann => "hann",
        WindowKind.Blackman => "blackman",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
