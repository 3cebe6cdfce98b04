namespace Cluster.Plotting;

/// <summary>How values map to colours.</summary>
public enum ColorScale
{
    /// <summary>Colours are linear in the value.</summary>
    Linear,

    /// <summary>Colours are linear in 10·log10(value); values ≤ 0 take the lowest colour.</summary>
    Decibel,

    /// <summary>
    /// Colours are linear in log10(value), with limits in data units (matplotlib's LogNorm); values ≤ 0 take
    /// the lowest colour.
    /// </summary>
    Log,
}
