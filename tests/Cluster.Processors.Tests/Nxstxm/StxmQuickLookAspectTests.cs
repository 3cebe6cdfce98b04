using System.Globalization;
using Cluster.Nexus.Stxm;
using Cluster.Plotting;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>
/// STXM maps are drawn with equal aspect: in a non-square scan (x over 20 µm in 128 points, y over 10 µm in 64) the
/// synthetic disc, round in micrometres, must measure as many pixels across as up and down in the quick-look PNG.
/// </summary>
public class StxmQuickLookAspectTests
{
    private const int Nx = 128, Ny = 64;

    [Fact]
    public void A_round_feature_of_a_non_square_scan_is_as_wide_as_it_is_high_in_the_png()
    {
        using var dir = new TempDirectory();
        var input = dir.File("wide.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0], Nx, Ny, [0.0]);
        NxstxmRuns.Convert(input, dir.Path);

        // Axes run from the first cell's lower edge to the last cell's upper edge.
        double dx = 20.0 / (Nx - 1), dy = 10.0 / (Ny - 1);
        double xMin = -10 - dx / 2, xSpan = 20 + dx, yMin = -5 - dy / 2, ySpan = 10 + dy;
        var plot = SpectrogramLayout.For(900, 750).WithEqualAspect(xSpan, ySpan).Plot;
        Assert.Equal(plot.Width / xSpan, plot.Height / ySpan, 0.02 * plot.Width / xSpan);
        var pxPerUm = plot.Width / xSpan;

        // The left disc: cells with (i - 32)^2 + (j - 32)^2 < 400, i.e. 39 cells across and 39 up, centred on cell (32, 32).
        double cx = plot.X + (SyntheticStxmScan.X(32, Nx) - xMin) / xSpan * plot.Width;
        double cy = plot.Bottom - (SyntheticStxmScan.Y(32, Ny) - yMin) / ySpan * plot.Height;
        var measured = Python.Run("""
            import sys, numpy as np, matplotlib
            from PIL import Image
            img = np.asarray(Image.open(sys.argv[1]).convert("RGB")).astype(int)
            cx, cy = int(float(sys.argv[2])), int(float(sys.argv[3]))
            lut = np.round(matplotlib.colormaps["viridis"](np.arange(256))[:, :3] * 255).astype(int)
            def disc(pixels):
                d = np.abs(pixels[:, None, :] - lut[None, :, :]).sum(axis=2)
                return (d.min(axis=1) <= 6) & (d.argmin(axis=1) < 128)
            def run(line, centre):
                inside = disc(line)
                lo = hi = centre
                while lo > 0 and inside[lo - 1]: lo -= 1
                while hi < len(inside) - 1 and inside[hi + 1]: hi += 1
                return hi - lo + 1
            assert disc(img[cy:cy + 1, cx])[0], "the disc's centre is not dark"
            print(run(img[cy, :], cx), run(img[:, cx], cy))
            """, dir.File("wide.png"), cx.ToString("R", CultureInfo.InvariantCulture), cy.ToString("R", CultureInfo.InvariantCulture));
        var sizes = measured.Trim().Split(' ').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (width, height) = (sizes[0], sizes[1]);

        Assert.InRange(width, 39 * dx * pxPerUm - 2, 39 * dx * pxPerUm + 2);
        Assert.InRange(height, 39 * dy * pxPerUm - 2, 39 * dy * pxPerUm + 2);
        Assert.InRange(width / (double)height, 0.95, 1.05);
    }
}
