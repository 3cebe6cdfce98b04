namespace Cluster.Signal;

/// <summary>Frame windows, periodic (DFT-even) as scipy.signal.get_window builds them.</summary>
public enum WindowKind
{
    Rect,
    Hann,
    Blackman,
}
