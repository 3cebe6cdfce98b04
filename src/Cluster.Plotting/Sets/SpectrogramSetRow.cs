namespace Cluster.Plotting;

/// <summary>
/// One row of a spectrogram set: values on a time × y grid, with its own y and colour scales. The limits are
/// already resolved (percentiles, overrides and clamps are the caller's data path, not the figure's).
/// </summary>
public sealed record SpectrogramSetRow
{
    /// <summary>Cell-centre times in UNIX seconds, increasing; spacing may be irregular.</summary>
    public required double[] TimeUnix { get; init; }

    /// <summary>Cell-centre y values (e.g. energy), increasing; spacing may be irregular (log-spaced energies).</summary>
    public required double[] Y { get; init; }

    /// <summary>Row-major [Y.Length, TimeUnix.Length]: <c>Values[j * nx + i]</c> is the value at Y[j], TimeUnix[i]. NaN = no data.</summary>
    public required double[] Values { get; init; }

    public required double YMin { get; init; }
    public required double YMax { get; init; }
    public AxisScale YScale { get; init; } = AxisScale.Linear;

    /// <summary>Colour limits in data units; for <see cref="AxisScale.Log"/> both are positive.</summary>
    public required double ZMin { get; init; }

    public required double ZMax { get; init; }
    public AxisScale ZScale { get; init; } = AxisScale.Linear;

    public string Label { get; init; } = "";
    public string YLabel { get; init; } = "Energy (eV)";
    public string ZLabel { get; init; } = "Counts";
}
