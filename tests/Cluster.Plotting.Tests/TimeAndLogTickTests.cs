namespace Cluster.Plotting.Tests;

public class TimeAndLogTickTests
{
    private static readonly double NewYearsEve = new DateTimeOffset(1996, 12, 31, 23, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Two_hours_from_2330_get_quarter_hours_or_half_hours_across_midnight()
    {
        var dense = UtcTickLocator.Locate(NewYearsEve, NewYearsEve + 7200, maxTicks: 10);
        Assert.Equal(15 * 60, dense.Step);
        Assert.Equal(["23:30", "23:45", "00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30"], dense.Labels);
        Assert.All(dense.Values, v => Assert.Equal(0, v % 900));

        var sparse = UtcTickLocator.Locate(NewYearsEve + 60, NewYearsEve + 7200, maxTicks: 6);
        Assert.Equal(30 * 60, sparse.Step);
        Assert.Equal(["00:00", "00:30", "01:00", "01:30"], sparse.Labels);
        Assert.Equal(NewYearsEve + 1800, sparse.Values[0]);
    }

    [Theory]
    [InlineData(90, 8, 15, "23:30:00")]
    [InlineData(3 * 3600, 8, 30 * 60, "23:30")]
    [InlineData(24 * 3600, 10, 3 * 3600, "00:00")]
    [InlineData(24 * 3600, 5, 6 * 3600, "00:00")]
    [InlineData(10 * 86400, 8, 2 * 86400, "1997-01-01")]
    [InlineData(2, 5, 0.5, "23:30:00.0")]
    public void Steps_are_round_clock_units_and_labels_show_what_the_step_needs(double span, int maxTicks, double step, string firstLabel)
    {
        var ticks = UtcTickLocator.Locate(NewYearsEve, NewYearsEve + span, maxTicks);
        Assert.Equal(step, ticks.Step);
        Assert.Equal(firstLabel, ticks.Labels[0]);
        Assert.InRange(ticks.Values.Count, 2, maxTicks);
    }

    [Fact]
    public void The_axis_label_dates_the_start()
    {
        Assert.Equal("Time (UTC) from 1996-12-31 23:30:00", UtcTickLocator.AxisLabel("Time", NewYearsEve));
        Assert.Equal("00:00:01.5", UtcTickLocator.Format(NewYearsEve + 1801.5, 0.5));
    }

    [Fact]
    public void Log_axes_get_decades_with_minor_ticks_between()
    {
        var ticks = LogTickLocator.Locate(10, 1000);
        Assert.Equal([10.0, 100, 1000], ticks.Values);
        Assert.Equal(["10¹", "10²", "10³"], ticks.Labels);
        Assert.Equal([20.0, 30, 40, 50, 60, 70, 80, 90, 200, 300, 400, 500, 600, 700, 800, 900], ticks.Minor);

        var small = LogTickLocator.Locate(3e-4, 0.5);
        Assert.Equal(["10⁻³", "10⁻²", "10⁻¹"], small.Labels);
        Assert.Equal(0.001, small.Values[0]);

        var wide = LogTickLocator.Locate(1e-3, 1e9, maxTicks: 8);
        Assert.Equal(["10⁻²", "10⁰", "10²", "10⁴", "10⁶", "10⁸"], wide.Labels);
        Assert.Contains(1e-3, wide.Minor);
        Assert.Contains(1e9, wide.Minor);

        var withinDecade = LogTickLocator.Locate(15, 80);
        Assert.Equal([20.0, 50], withinDecade.Values);
        Assert.Equal(["2×10¹", "5×10¹"], withinDecade.Labels);

        Assert.Equal([12.0, 14, 16, 18], LogTickLocator.Locate(11, 19, 5).Values); // too narrow: linear ticks
    }

    [Fact]
    public void Log_axis_ranges_place_values_linearly_in_log10()
    {
        var range = new AxisRange(10, 1000, AxisScale.Log);
        Assert.Equal(0.5, range.Fraction(100), 12);
        Assert.Equal(0, range.Fraction(10), 12);
        Assert.Equal(["10¹", "10²", "10³"], TickLocator.Locate(range).Labels);
        Assert.Throws<ArgumentException>(() => new AxisRange(0, 10, AxisScale.Log));
    }

    [Fact]
    public void Log_colour_normalisation_is_linear_in_log10_and_floors_non_positive_values()
    {
        var n = new ColorNormalization(ColorScale.Log, 1, 1e4);
        Assert.Equal(0.5, n.Normalize(100), 12);
        Assert.Equal(0.25, n.Normalize(10), 12);
        Assert.Equal(0, n.Normalize(0));
        Assert.Equal(0, n.Normalize(-5));
        Assert.Equal(1, n.Normalize(1e9));
        Assert.True(double.IsNaN(n.Normalize(double.NaN)));
        Assert.Equal(AxisScale.Log, n.ColorbarRange.Scale);
        Assert.Throws<ArgumentException>(() => new ColorNormalization(ColorScale.Log, 0, 1));

        var fromData = ColorNormalization.FromData([0f, -1f, 0.01f, 5f, float.NaN], ColorScale.Log);
        // 1st percentile of the positive values (numpy: 0.01 + 0.01 * (5 - 0.01) = 0.0599) and their maximum.
        Assert.Equal((0.0599, 5.0), (Math.Round(fromData.VMin, 6), fromData.VMax));
    }
}
