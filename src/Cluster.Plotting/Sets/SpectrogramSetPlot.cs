namespace Cluster.Plotting;

/// <summary>
/// A multi-row spectrogram figure for one item (an orbit, a shot): rows stacked with a shared UTC time axis,
/// a colourbar per row, vertical event lines, and an optional right-hand zoom column.
/// </summary>
public sealed record SpectrogramSetPlot
{
    public required IReadOnlyList<SpectrogramSetRow> Rows { get; init; }

    /// <summary>The shared time axis of the main column, UNIX seconds.</summary>
    public required double TimeMin { get; init; }

    public required double TimeMax { get; init; }

    public string Title { get; init; } = "";
    public string Colormap { get; init; } = Plotting.Colormap.DefaultName;

    /// <summary>UNIX times drawn as vertical lines across every row (main and zoom column) where they fall inside the axis.</summary>
    public IReadOnlyList<double> Events { get; init; } = [];

    /// <summary>Time window of the zoom column, UNIX seconds; null draws no zoom column.</summary>
    public (double Start, double End)? Zoom { get; init; }
}
