using Cluster.Formats;
using Cluster.Formats.Catalog;
using System.Text.Json;
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
/// plus the sum) or a single frame, with a colourbar; the title names the run, plan and sample. Pixels are square
/// (equal aspect); when the run's metadata gives the detector's pixel pitch (<c>pixel_size_um</c>: one number, or
/// <c>[x, y]</c> for columns and rows), the axes are in µm with equal aspect in micrometres.
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
            PixelSizeUm = PixelSize(run.Metadata, run.Uid),
        };
        AtomicFile.Write(path, stream => DetectorImageFigure.Render(plot, stream, FigureFormat.Png));
    }

    public const string PixelSizeKey = "pixel_size_um";

    /// <summary>The detector's pixel pitch in µm from a run's metadata, if it says; a value that is not one is an error naming the run.</summary>
    public static (double X, double Y)? PixelSize(JsonElement metadata, string runUid)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(PixelSizeKey, out var value))
            return null;
        (double X, double Y)? size = value.ValueKind switch
        {
            JsonValueKind.Number => (value.GetDouble(), value.GetDouble()),
            JsonValueKind.Array when value.GetArrayLength() == 2 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)
                => (value[0].GetDouble(), value[1].GetDouble()),
            _ => null,
        };
        if (size is not { } s || !(s.X > 0 && s.Y > 0 && double.IsFinite(s.X) && double.IsFinite(s.Y)))
            throw new ArgumentException($"run {runUid}: metadata {PixelSizeKey} must be a positive number or [x, y] of µm, got {value.GetRawText()}");
        return size;
    }
}
