using Cluster.Formats;
using Cluster.Formats.Catalog;
using Cluster.Plotting;

namespace Cluster.Processors.CatalogExport;

/// <summary>What a catalog quick-look shows: the sum of every frame (the whole run at a glance), or one frame.</summary>
public enum QuickLookImage
{
    Sum,
    Last,
    None,
}

/// <summary>
/// A PNG of a run's detector images: the sum of all frames (read one frame at a time, so memory stays at one frame
/// plus the sum) or a single frame, with a colourbar; the title names the run, plan and sample.
/// </summary>
public static class CatalogQuickLook
{
    /// <param name="frame">A frame index (negative counts from the end); null sums every frame.</param>
    public static void Write(CatalogRun run, CatalogImages images, int? frame, string path, string colormap = "viridis")
    {
        if (images.Count == 0)
            throw new ArgumentException($"run {run.Uid} has no frames of {images.Field} to show");
        var (count, rows, columns) = images.Shape;
        var values = new double[rows * columns];
        string what;
        if (frame is { } index)
        {
            FrameValues.AddTo(values, images[index]);
            what = $"frame {(index < 0 ? index + count : index)} of {count}";
        }
        else
        {
            foreach (var f in images) FrameValues.AddTo(values, f);
            what = $"sum of {count} frames";
        }
        var plot = new DetectorImagePlot
        {
            Values = values.Select(v => (float)v).ToArray(),
            Rows = rows,
            Columns = columns,
            Title = $"{run.PlanName} {run.Uid[..Math.Min(8, run.Uid.Length)]}{(run.Sample is { } s ? " · " + s.Name : "")}: {images.Field}, {what}",
            ColorbarLabel = "Counts",
            Colormap = colormap,
        };
        AtomicFile.Write(path, stream => DetectorImageFigure.Render(plot, stream, FigureFormat.Png));
    }
}
