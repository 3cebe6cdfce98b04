using System.Text.Json.Nodes;
using Cluster.Plotting;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>The seed's make_spectrogram data path, against ../shared/fixtures/Configurable-Spectrograms/make_spectrogram_golden.json.</summary>
public class GoldenDataPathTests
{
    private static readonly JsonNode Golden = JsonNode.Parse(File.ReadAllText(
        RepositoryPaths.Fixture("Configurable-Spectrograms", "make_spectrogram_golden.json")))!;

    private static JsonNode Input => Golden["input"]!;
    private static JsonNode Expected => Golden["expected"]!;

    private static double[] Numbers(JsonNode? node) =>
        node!.AsArray().Select(v => v is null ? double.NaN : v.GetValue<double>()).ToArray();

    private static double[] Flatten(JsonNode? node) => node switch
    {
        JsonArray array => array.SelectMany(Flatten).ToArray(),
        null => [double.NaN],
        _ => [node.GetValue<double>()],
    };

    private static (PanelArray X, PanelArray Y, PanelArray Data) Arrays()
    {
        var x = Numbers(Input["x_unix"]);
        var y = Numbers(Input["y_energy"]);
        var shape = Numbers(Input["data_shape_time_pitch_energy"]).Select(d => (long)d).ToArray();
        return (new PanelArray(x, [x.Length]), new PanelArray(y, [y.Length]), new PanelArray(Flatten(Input["data"]), shape));
    }

    private static SpectrogramPanel Panel(bool yLog = false)
    {
        var (x, y, data) = Arrays();
        return SpectrogramPanel.Build(x, y, data, collapseAxis: 1, Input["y_min"]!.GetValue<double>(), Input["y_max"]!.GetValue<double>(), yLog);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    [Fact]
    public void Nansum_over_pitch_angle_gives_the_collapsed_time_by_energy_matrix_with_all_nan_cells_zero()
    {
        var (_, _, data) = Arrays();
        var collapsed = CubeCollapse.NanSum(data.Data, data.Shape, axis: 1);

        Assert.Equal((6, 5), (collapsed.Times, collapsed.Ys));
        AssertClose(Flatten(Expected["collapsed_time_energy(nansum axis1)"]), collapsed.Values);
        // The 10 eV column is NaN at every pitch angle: 0 like numpy, but no finite sample behind it.
        Assert.All(Enumerable.Range(0, 6), t => Assert.False(collapsed.Finite[t * 5 + 4]));
        Assert.True(collapsed.Finite[0]);
    }

    [Fact]
    public void Inclusive_y_range_ascending_flip_and_transpose_give_the_energy_by_time_matrix()
    {
        var panel = Panel();

        Assert.Equal(Numbers(Expected["kept_energy_ascending"]), panel.Y);
        AssertClose(Flatten(Expected["matrix_plot_energy_by_time"]), panel.Values);
        Assert.Equal(Numbers(Input["x_unix"]), panel.Time);
        Assert.True(panel.HasData);
    }

    [Fact]
    public void Linear_colour_limits_are_the_1st_and_99th_percentiles()
    {
        var (lower, upper) = ColorLimits.Resolve(Panel().Values, new ColorLimitRule(null, null, null, null, AxisScale.Linear));

        Assert.Equal(Expected["z_min_p1"]!.GetValue<double>(), lower, 9);
        Assert.Equal(Expected["z_max_p99"]!.GetValue<double>(), upper, 9);
    }

    [Fact]
    public void Log_colour_floor_is_the_smallest_positive_value_and_values_below_it_are_floored()
    {
        var panel = Panel();
        var (lower, upper) = ColorLimits.Resolve(panel.Values, new ColorLimitRule(null, null, null, null, AxisScale.Log));

        Assert.Equal(Expected["log_scale_vmin(max(p1, min positive, 1e-10))"]!.GetValue<double>(), lower, 9);
        Assert.Equal(Expected["z_max_p99"]!.GetValue<double>(), upper, 9);
        AssertClose(Flatten(Expected["log_matrix_after_floor"]), ColorLimits.Floored(panel.Values, lower, upper, AxisScale.Log));
    }

    [Fact]
    public void Zoom_mask_keeps_the_times_inside_the_window_both_ends_inclusive()
    {
        var window = ZoomWindow.Centred(Expected["zoom_center"]!.GetValue<double>(), Expected["zoom_window_s"]!.GetValue<double>());

        Assert.Equal(Numbers(Expected["zoom_kept_time_indices"]).Select(i => (int)i), window.Select(Numbers(Input["x_unix"])));
        // The window's ends themselves are inside.
        Assert.Equal([0, 1], ZoomWindow.Centred(1000000002, 4).Select(Numbers(Input["x_unix"])));
    }

    [Fact]
    public void Round_extrema_examples_are_reproduced()
    {
        foreach (var (name, value) in Golden["round_extrema_examples"]!.AsObject())
        {
            var parts = name.Split(' ');
            var direction = parts[1] == "up" ? RoundingDirection.Up : RoundingDirection.Down;
            Assert.Equal(value!.GetValue<double>(), LimitRounding.Round(double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), direction));
        }
    }

    [Fact]
    public void Rounded_percentile_limits_round_outward_only_when_asked()
    {
        var values = Panel().Values;
        var (lower, upper) = ColorLimits.Resolve(values, new ColorLimitRule(null, null, null, null, AxisScale.Linear, RoundPercentiles: true));
        Assert.Equal((0.0, 620.0), (lower, upper));
        // Fixed limits are the user's and stay as given.
        Assert.Equal((3.0, 1234.0), ColorLimits.Resolve(values, new ColorLimitRule(3, 1234, null, null, AxisScale.Linear, RoundPercentiles: true)));
    }
}
