using Cluster.Plotting;
using Cluster.Processors.IqSpectrogram;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>Parameters of the <c>spectrogram-set</c> kind; names follow the job spec (snake_case there).</summary>
public sealed record SpectrogramSetParameters
{
    public const string ItemPlaceholder = "{item}";

    /// <summary>The stacked rows, top to bottom.</summary>
    public required IReadOnlyList<SetRowSpec> Rows { get; init; }

    public string Colormap { get; init; } = Plotting.Colormap.DefaultName;

    /// <summary>Figure title; <c>{item}</c> is replaced by the item's key.</summary>
    public string Title { get; init; } = ItemPlaceholder;

    /// <summary>Row scales unless a row sets its own.</summary>
    public AxisScale YScale { get; init; } = AxisScale.Linear;

    public AxisScale ZScale { get; init; } = AxisScale.Linear;

    /// <summary>Clamp every row's colour limits into [ZMin, ZMax] (a row's own z_min/z_max replace these).</summary>
    public double? ZMin { get; init; }

    public double? ZMax { get; init; }

    /// <summary>Round percentile colour limits outward to two significant digits.</summary>
    public bool RoundLimits { get; init; }

    /// <summary>UNIX times drawn as vertical lines in every item's figure.</summary>
    public IReadOnlyList<double> Events { get; init; } = [];

    /// <summary>Per-item event times (UNIX seconds), by item key; they replace <see cref="Events"/> for that item.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> EventsByItem { get; init; } = new Dictionary<string, IReadOnlyList<double>>();

    /// <summary>Length of the zoom column's window; null: no zoom column.</summary>
    public double? ZoomMinutes { get; init; }

    public IReadOnlySet<OutputFormat> Formats { get; init; } = new HashSet<OutputFormat> { OutputFormat.Png };

    /// <summary>Figure size in pixels; 0 lets the figure choose from the row count and the zoom column.</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    public IReadOnlyList<double> EventsOf(string item) => EventsByItem.TryGetValue(item, out var events) ? events : Events;

    /// <summary>Throws <see cref="ArgumentException"/> whose message starts with the parameter's spec name.</summary>
    public void Validate()
    {
        if (Rows.Count == 0) throw new ArgumentException("rows: at least one row is needed");
        for (var i = 0; i < Rows.Count; i++) Rows[i].Validate($"rows[{i}]");
        _ = Plotting.Colormap.Get(Colormap);
        if (ZMin is { } lo && ZMax is { } hi && !(lo < hi))
            throw new ArgumentException($"z_min: must be below z_max ({lo} >= {hi})");
        if (ZoomMinutes is { } zoom && !(zoom > 0 && double.IsFinite(zoom)))
            throw new ArgumentException($"zoom_minutes: must be a positive number of minutes (got {zoom})");
        foreach (var t in Events.Concat(EventsByItem.Values.SelectMany(e => e)))
            if (!double.IsFinite(t)) throw new ArgumentException($"events: must be UNIX times in seconds (got {t})");
        if (Formats.Count == 0 || Formats.Any(f => f.AsFigure() is null))
            throw new ArgumentException("formats: one or more of png, svg, pdf");
        if (Width is < 0 or > 20000 || Height is < 0 or > 20000)
            throw new ArgumentException($"width: width and height are pixels between 0 (automatic) and 20000 (got {Width} x {Height})");
    }
}

/// <summary>One row of a spectrogram set: where its arrays are and how it is scaled.</summary>
public sealed record SetRowSpec
{
    /// <summary>Row file, relative to the input directory, with <c>{item}</c> for the item's key: <c>ees/{item}.npz</c>.</summary>
    public required string File { get; init; }

    /// <summary>Array names: NPZ entries, or HDF5 dataset paths such as <c>/entry/ees/flux</c>.</summary>
    public string X { get; init; } = "x";

    public string Y { get; init; } = "y";
    public string Data { get; init; } = "data";

    /// <summary>Axis of a 3-D cube summed (NaN-aware) away; the other two are (time, y). Null: 1 for cubes.</summary>
    public int? CollapseAxis { get; init; }

    public string Label { get; init; } = "";
    public double? YMin { get; init; }
    public double? YMax { get; init; }
    public double? ZMin { get; init; }
    public double? ZMax { get; init; }
    public double? VMin { get; init; }
    public double? VMax { get; init; }
    public string YLabel { get; init; } = "Energy (eV)";
    public string ZLabel { get; init; } = "Counts";

    /// <summary>Null: the spec's scale.</summary>
    public AxisScale? YScale { get; init; }

    public AxisScale? ZScale { get; init; }

    /// <summary>The row file of <paramref name="item"/>, relative to the input directory.</summary>
    public string FileOf(string item) => File.Replace(SpectrogramSetParameters.ItemPlaceholder, item, StringComparison.Ordinal);

    public string Describe(int index) => Label.Length > 0 ? $"row {index} ({Label})" : $"row {index}";

    public void Validate(string path)
    {
        if (PatternProblem(File) is { } problem) throw new ArgumentException($"{path}.file: {problem}");
        foreach (var (name, value) in new[] { ("x", X), ("y", Y), ("data", Data) })
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{path}.{name}: an array name is needed");
        if (CollapseAxis is { } axis && axis is < 0 or > 2)
            throw new ArgumentException($"{path}.collapse_axis: must be 0, 1 or 2 (got {axis})");
        if (YMin is { } y0 && YMax is { } y1 && !(y0 < y1))
            throw new ArgumentException($"{path}.y_min: must be below y_max ({y0} >= {y1})");
        if (ZMin is { } z0 && ZMax is { } z1 && !(z0 < z1))
            throw new ArgumentException($"{path}.z_min: must be below z_max ({z0} >= {z1})");
        if (VMin is { } v0 && VMax is { } v1 && !(v0 < v1))
            throw new ArgumentException($"{path}.vmin: must be below vmax ({v0} >= {v1})");
    }

    /// <summary>Relative, staying below the input directory, a file type we read, only the <c>{item}</c> placeholder.</summary>
    public static string? PatternProblem(string pattern)
    {
        if (pattern.Length == 0) return "a file pattern such as ees/{item}.npz is needed";
        if (pattern.StartsWith('/') || pattern.Contains('\\'))
            return $"must be relative to the input directory, with '/' separators (got '{pattern}')";
        if (pattern.Split('/').Any(segment => segment is ".." or ""))
            return $"must stay below the input directory: no '..' or empty segments (got '{pattern}')";
        var rest = pattern.Replace(SpectrogramSetParameters.ItemPlaceholder, "", StringComparison.Ordinal);
        if (rest.Contains('{') || rest.Contains('}'))
            return $"the only placeholder is {SpectrogramSetParameters.ItemPlaceholder} (got '{pattern}')";
        return PanelFiles.ExtensionProblem(pattern);
    }
}
