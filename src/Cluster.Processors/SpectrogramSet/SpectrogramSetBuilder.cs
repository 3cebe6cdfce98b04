using System.Globalization;
using Cluster.Core.Inputs;
using Cluster.Plotting;

namespace Cluster.Processors.SpectrogramSet;

/// <summary>
/// The data path of one item: reads each row's arrays, runs <see cref="SpectrogramPanel.Build"/> and
/// <see cref="ColorLimits"/>, decides the zoom window, and returns the figure description (rendering is separate).
/// Rows without data in range are left out; an item none of whose rows has data is <c>no_data</c>.
/// </summary>
public static class SpectrogramSetBuilder
{
    /// <param name="item">The item's key; it replaces <c>{item}</c> in the row file patterns.</param>
    /// <param name="directory">The input directory the row files are relative to; they may not leave it.</param>
    /// <exception cref="SpectrogramSetInputException">A row file is missing, unreadable, outside the directory, or its arrays do not fit.</exception>
    public static SetFigure Build(string item, string directory, SpectrogramSetParameters parameters, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory))
            throw new SpectrogramSetInputException(item, "", directory,
                $"item '{item}': the input directory {directory} does not exist (a spectrogram-set item is a name; its input is the directory of its row files)");
        var confinement = new InputRoots([directory]);
        var files = new Dictionary<string, IPanelArrays>(StringComparer.Ordinal);
        try
        {
            var rows = new List<(SpectrogramSetRow Row, SpectrogramPanel Panel)>();
            var notes = new List<string>();
            var empty = new List<string>();
            for (var i = 0; i < parameters.Rows.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var spec = parameters.Rows[i];
                var panel = ReadPanel(item, i, spec, parameters, confinement, directory, files);
                if (!panel.HasData)
                {
                    empty.Add($"{spec.Describe(i)}: no finite data{RangeText(spec)}");
                    continue;
                }
                var row = Resolve(spec, panel, parameters);
                rows.Add((row, panel));
                notes.Add($"{spec.Describe(i)}: {panel.Time.Length} times x {panel.Y.Length} y, colour {Number(row.ZMin)} .. {Number(row.ZMax)} ({Scale(row.ZScale)})");
            }
            // With no row left the reason already names every empty row: notes repeating them would say it twice.
            if (rows.Count == 0)
                return SetFigure.NoData($"no data in range in any row: {string.Join("; ", empty)}", notes);
            notes.AddRange(empty.Select(e => e + "; left out"));

            var events = parameters.EventsOf(item);
            ZoomWindow? zoom = parameters.ZoomMinutes is { } minutes ? ZoomWindow.For(events, minutes) : null;
            if (zoom is { } window && !rows.Any(r => r.Panel.HasDataIn(window)))
            {
                notes.Add($"no data in the zoom window {Utc(window.Start)} .. {Utc(window.End)}: no zoom column");
                zoom = null;
            }
            var timeMin = rows.Min(r => r.Panel.Time[0]);
            var timeMax = rows.Max(r => r.Panel.Time[^1]);
            if (!(timeMax > timeMin)) (timeMin, timeMax) = (timeMin - 0.5, timeMax + 0.5); // one sample: a second-wide axis
            var plot = new SpectrogramSetPlot
            {
                Rows = rows.Select(r => r.Row).ToList(),
                TimeMin = timeMin,
                TimeMax = timeMax,
                Title = parameters.Title.Replace(SpectrogramSetParameters.ItemPlaceholder, item, StringComparison.Ordinal),
                Colormap = parameters.Colormap,
                Events = events,
                Zoom = zoom is { } z ? (z.Start, z.End) : null,
            };
            return SetFigure.Drawn(plot, notes);
        }
        finally
        {
            foreach (var file in files.Values) file.Dispose();
        }
    }

    private static SpectrogramPanel ReadPanel(string item, int index, SetRowSpec spec, SpectrogramSetParameters parameters,
        InputRoots confinement, string directory, Dictionary<string, IPanelArrays> files)
    {
        var relative = spec.FileOf(item);
        var path = Path.Combine(directory, relative);
        var where = $"item '{item}', {spec.Describe(index)}";
        try
        {
            path = confinement.Resolve(path, $"rows[{index}].file");
            if (!files.TryGetValue(path, out var arrays))
                files[path] = arrays = PanelFiles.Open(path);
            var x = arrays.Read(spec.X);
            var y = arrays.Read(spec.Y);
            var data = arrays.Read(spec.Data);
            var yScale = spec.YScale ?? parameters.YScale;
            return SpectrogramPanel.Build(x, y, data, spec.CollapseAxis, spec.YMin, spec.YMax, yScale == AxisScale.Log);
        }
        catch (PanelFileException e)
        {
            throw new SpectrogramSetInputException(item, spec.Describe(index), e.Path, $"{where}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            // Shape and order problems name the array role (x, y, data); say which arrays those are.
            var arrays = $"x='{spec.X}', y='{spec.Y}', data='{spec.Data}'";
            throw new SpectrogramSetInputException(item, spec.Describe(index), path, $"{where}: {path} ({arrays}): {e.Message}", e);
        }
    }

    private static SpectrogramSetRow Resolve(SetRowSpec spec, SpectrogramPanel panel, SpectrogramSetParameters parameters)
    {
        var zScale = spec.ZScale ?? parameters.ZScale;
        var rule = new ColorLimitRule(spec.VMin, spec.VMax, spec.ZMin ?? parameters.ZMin, spec.ZMax ?? parameters.ZMax, zScale, parameters.RoundLimits);
        var (lower, upper) = ColorLimits.Resolve(panel.Values, rule);
        var yScale = spec.YScale ?? parameters.YScale;
        var (yMin, yMax) = Widened(panel.Y[0], panel.Y[^1]);
        return new SpectrogramSetRow
        {
            TimeUnix = panel.Time,
            Y = panel.Y,
            // Limits and floors as pinned; then cells with no sample at all become gaps (background), not the floor.
            Values = panel.WithGaps(ColorLimits.Floored(panel.Values, lower, upper, zScale)),
            YMin = yMin,
            YMax = yMax,
            YScale = yScale,
            ZMin = lower,
            ZMax = upper,
            ZScale = zScale,
            Label = spec.Label,
            YLabel = spec.YLabel,
            ZLabel = WithUnits(spec.ZLabel, panel.Units),
        };
    }

    /// <summary>The colour bar label with the data's units in brackets, unless the label already carries a unit in brackets.</summary>
    private static string WithUnits(string label, string? units) =>
        units is null || label.Contains('(') ? label : $"{label} ({units})";

    /// <summary>A single y value still needs an axis of some width: 10 % of the value each way (±0.5 at 0).</summary>
    private static (double, double) Widened(double low, double high)
    {
        if (high > low) return (low, high);
        var half = low == 0 ? 0.5 : 0.1 * Math.Abs(low);
        return (low - half, high + half);
    }

    private static string RangeText(SetRowSpec spec) => (spec.YMin, spec.YMax) switch
    {
        (null, null) => "",
        ({ } lo, null) => $" with y >= {Number(lo)}",
        (null, { } hi) => $" with y <= {Number(hi)}",
        ({ } lo, { } hi) => $" with {Number(lo)} <= y <= {Number(hi)}",
    };

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Scale(AxisScale scale) => scale == AxisScale.Log ? "log" : "linear";

    private static string Utc(double unix) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unix * 1000)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
