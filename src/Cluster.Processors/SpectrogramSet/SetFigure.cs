using Cluster.Plotting;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>What one item gives: a figure to draw, or the reason there is nothing in range (the item's <c>no_data</c>).</summary>
public sealed record SetFigure(SpectrogramSetPlot? Plot, string? NoDataReason, IReadOnlyList<string> Notes)
{
    public static SetFigure Drawn(SpectrogramSetPlot plot, IReadOnlyList<string> notes) => new(plot, null, notes);

    public static SetFigure NoData(string reason, IReadOnlyList<string> notes) => new(null, reason, notes);
}
