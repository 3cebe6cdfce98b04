namespace Cluster.Plotting.Tests;

public class AxisTests
{
    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0, 200, new[] { 0.0, 50, 100, 150, 200 })]
    [InlineData(-100, 100, new[] { -100.0, -50, 0, 50, 100 })]
    [InlineData(-2.5, 2.5, new[] { -2.0, -1, 0, 1, 2 })]
    [InlineData(0, 7, new[] { 0.0, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(0.1, 0.35, new[] { 0.1, 0.15, 0.2, 0.25, 0.3, 0.35 })]
    [InlineData(-128.5, 127.5, new[] { -100.0, -50, 0, 50, 100 })]
    [InlineData(1.5e-12, 9e-12, new[] { 2e-12, 3e-12, 4e-12, 5e-12, 6e-12, 7e-12, 8e-12, 9e-12 })]
    public void Known_ranges_give_the_expected_ticks(double min, double max, double[] expected)
    {
        var ticks = TickLocator.Locate(min, max);
        Assert.Equal(expected, ticks.Values);
    }

    [Fact]
    public void Tick_counts_stay_between_three_and_eight_over_many_spans()
    {
        for (var span = 0.013; span < 1e7; span *= 1.37)
        {
            var count = TickLocator.Locate(-0.3 * span, 0.7 * span).Values.Count;
            Assert.InRange(count, 3, 8);
        }
    }

    [Theory]
    [InlineData(0.0, 0.2, "0")]
    [InlineData(0.6000000000000001, 0.2, "0.6")]
    [InlineData(-50.0, 50, "-50")]
    [InlineData(0.15, 0.05, "0.15")]
    [InlineData(2500000.0, 500000, "2.5e6")]
    [InlineData(3e-12, 1e-12, "3e-12")]
    [InlineData(244.75, 0.05, "244.75")]
    public void Tick_labels_are_compact(double value, double step, string expected) =>
        Assert.Equal(expected, TickFormatter.Format(value, step));

    [Theory]
    [InlineData(200e3, "kHz")]
    [InlineData(20e6, "MHz")]
    [InlineData(500, "Hz")]
    [InlineData(3e9, "GHz")]
    [InlineData(999.9, "Hz")]
    public void Unit_follows_the_span(double spanHz, string symbol) =>
        Assert.Equal(symbol, FrequencyUnit.ForSpan(spanHz).Symbol);

    [Fact]
    public void Centre_frequency_is_printed_in_its_own_unit() =>
        Assert.Equal("244.7789 MHz", FrequencyUnit.FormatWithUnit(244.7789e6));
}
