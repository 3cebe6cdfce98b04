using System.Text.Json.Nodes;
using Cluster.Core.Kinds;
using Cluster.Core.Specs;
using Cluster.Plotting;
using Cluster.Processors.IqSpectrogram;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// Binds a <c>spectrogram-set</c> spec. Items are named things (orbits, shots): listed keys, or the stems of the
/// files the glob matches; each item's processor input is the input directory its row files are found in.
/// </summary>
public static class SpectrogramSetKind
{
    public static IJobKind Create() =>
        new JobKind<SpectrogramSetParameters>(new SpectrogramSetProcessor(), Bind, readsFiles: false, items: ItemForm.NameInDirectory);

    public static SpectrogramSetParameters? Bind(SpecReader p, SpecReader outputs)
    {
        // Every field is read before any is judged, so one bad value does not hide the others.
        var rowReaders = p.ObjectList("rows", required: true);
        var rows = rowReaders?.Select(BindRow).ToList();
        var colormap = p.String("colormap");
        var title = p.String("title");
        var yScale = Scale(p, "y_scale");
        var zScale = Scale(p, "z_scale");
        var zMin = p.Double("z_min");
        var zMax = p.Double("z_max");
        var roundLimits = p.Bool("round_limits");
        var zoomMinutes = p.Double("zoom_minutes");
        var (events, eventsByItem) = Events(p);
        var formatList = outputs.StringList("formats");
        var width = outputs.Int("width", min: 0, max: 20000);
        var height = outputs.Int("height", min: 0, max: 20000);

        var formats = formatList is null ? null : outputs.Validate(() => FigureFormats(formatList));
        // Problems were reported through the readers (rows report their own); the spec is rejected as a whole.
        if (rows is null || rows.Any(r => r is null) || p.Errors.Count > 0) return null;

        var defaults = new SpectrogramSetParameters { Rows = [] };
        var parameters = new SpectrogramSetParameters
        {
            Rows = rows!,
            Colormap = colormap ?? defaults.Colormap,
            Title = title ?? defaults.Title,
            YScale = yScale ?? defaults.YScale,
            ZScale = zScale ?? defaults.ZScale,
            ZMin = zMin,
            ZMax = zMax,
            RoundLimits = roundLimits ?? false,
            ZoomMinutes = zoomMinutes,
            Events = events ?? [],
            EventsByItem = eventsByItem ?? new Dictionary<string, IReadOnlyList<double>>(),
            Formats = formats ?? defaults.Formats,
            Width = width ?? 0,
            Height = height ?? 0,
        };
        return p.Validate(() =>
        {
            parameters.Validate();
            return parameters;
        });
    }

    private static SetRowSpec? BindRow(SpecReader row)
    {
        var before = row.Errors.Count;
        var file = row.String("file", required: true);
        var x = row.String("x");
        var y = row.String("y");
        var data = row.String("data");
        var collapseAxis = row.Int("collapse_axis", min: 0, max: 2);
        var label = row.String("label");
        var yMin = row.Double("y_min");
        var yMax = row.Double("y_max");
        var zMin = row.Double("z_min");
        var zMax = row.Double("z_max");
        var vMin = row.Double("vmin");
        var vMax = row.Double("vmax");
        var yLabel = row.String("y_label");
        var zLabel = row.String("z_label");
        var yScale = Scale(row, "y_scale");
        var zScale = Scale(row, "z_scale");
        row.RejectUnknown();
        if (file is not null && SetRowSpec.PatternProblem(file) is { } problem) row.Error("file", problem);
        if (file is null || row.Errors.Count > before) return null;
        var defaults = new SetRowSpec { File = file };
        return defaults with
        {
            X = x ?? defaults.X,
            Y = y ?? defaults.Y,
            Data = data ?? defaults.Data,
            CollapseAxis = collapseAxis,
            Label = label ?? defaults.Label,
            YMin = yMin,
            YMax = yMax,
            ZMin = zMin,
            ZMax = zMax,
            VMin = vMin,
            VMax = vMax,
            YLabel = yLabel ?? defaults.YLabel,
            ZLabel = zLabel ?? defaults.ZLabel,
            YScale = yScale,
            ZScale = zScale,
        };
    }

    /// <summary>A list of UNIX times for every item, or a mapping from item key to its list.</summary>
    private static (IReadOnlyList<double>? All, Dictionary<string, IReadOnlyList<double>>? ByItem) Events(SpecReader p)
    {
        switch (p.Mapping["events"])
        {
            case null:
                return (null, null);
            case JsonObject:
                var byItem = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
                var mapping = p.Object("events")!;
                foreach (var (item, _) in mapping.Mapping.ToList())
                    if (mapping.DoubleList(item) is { } times) byItem[item] = times;
                return (null, byItem);
            default:
                return (p.DoubleList("events"), null);
        }
    }

    public static AxisScale ParseScale(string text, string field) => text.ToLowerInvariant() switch
    {
        "linear" => AxisScale.Linear,
        "log" => AxisScale.Log,
        _ => throw new ArgumentException($"{field}: must be linear or log (got '{text}')"),
    };

    private static AxisScale? Scale(SpecReader reader, string name)
    {
        var text = reader.String(name);
        return text is null ? null : reader.Parse(() => ParseScale(text, name));
    }

    private static IReadOnlySet<OutputFormat> FigureFormats(IReadOnlyList<string> list)
    {
        var formats = new HashSet<OutputFormat>();
        foreach (var entry in list)
        {
            formats.Add(entry.Trim().ToLowerInvariant() switch
            {
                "png" => OutputFormat.Png,
                "svg" => OutputFormat.Svg,
                "pdf" => OutputFormat.Pdf,
                _ => throw new ArgumentException($"formats: unknown figure format '{entry}' (use png, svg, pdf)"),
            });
        }
        if (formats.Count == 0) throw new ArgumentException("formats: one or more of png, svg, pdf");
        return formats;
    }
}
