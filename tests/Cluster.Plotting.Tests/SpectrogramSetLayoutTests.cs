namespace Cluster.Plotting.Tests;

public class SpectrogramSetLayoutTests
{
    [Fact]
    public void Default_sizes_give_the_documented_panels()
    {
        Assert.Equal((1800, 840), SpectrogramSetLayout.DefaultSize(3, zoom: true));
        Assert.Equal((1400, 400), SpectrogramSetLayout.DefaultSize(1, zoom: false));

        var zoomed = SpectrogramSetLayout.For(1800, 840, 3, zoom: true);
        Assert.Equal((1092.0, 364.0, 212.0), (zoomed.Rows[0].Main.Width, zoomed.Rows[0].Zoom!.Value.Width, zoomed.Rows[0].Main.Height));
        var plain = SpectrogramSetLayout.For(1400, 840, 3, zoom: false);
        Assert.Equal(1126.0, plain.Rows[0].Main.Width);
        Assert.Null(plain.Rows[2].Zoom);

        // Rows do not overlap, stack top to bottom, and colourbars sit right of every panel.
        for (var r = 1; r < 3; r++)
            Assert.True(zoomed.Rows[r].Main.Y > zoomed.Rows[r - 1].Main.Bottom);
        Assert.All(zoomed.Rows, row => Assert.True(row.Colorbar.X > row.Zoom!.Value.Right));
        Assert.Throws<ArgumentException>(() => SpectrogramSetLayout.For(200, 120, 3, zoom: true));
    }
}
