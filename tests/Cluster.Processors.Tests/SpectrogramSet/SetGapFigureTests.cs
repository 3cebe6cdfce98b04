using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Plotting;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>
/// Data gaps (time bins whose samples are all NaN) are drawn as gaps, in the main panel and in the zoom column, pixel for
/// pixel as matplotlib draws the same cube masked (background), while non-positive cells on a log scale keep the floor
/// colour. matplotlib (Debian's /usr/bin/python3) renders the reference panels at our panels' pixel sizes.
/// </summary>
public class SetGapFigureTests
{
    private static readonly double[] Energies = [20000, 6000, 2000, 600, 200, 60, 20];
    private const int Times = 240, Pitches = 4, GapStart = 100, GapEnd = 130, ZeroTime = 40, ZeroEnergy = 3;
    private const double Step = 10;

    [Fact]
    public void A_time_bin_without_samples_shows_the_background_in_both_columns_as_matplotlib_shows_a_masked_cell()
    {
        using var dir = new TempDirectory();
        var random = new Random(17);
        RowFileWriter.Cube(dir.File("ees/orbit.npz"), Times, Pitches, Energies, (t, _, e) =>
            t is >= GapStart and < GapEnd ? double.NaN // telemetry gap: no sample at all
            : t is >= ZeroTime and < ZeroTime + 3 && e == ZeroEnergy ? 0 // measured, and zero: the log floor
            : random.NextDouble() < 0.03 ? double.NaN // scattered missing samples: the cell still has data
            : 1e4 * Math.Pow(Energies[e] / 20, -1) * (0.5 + random.NextDouble()), Step);
        var gapMiddle = RowFileWriter.Start + Step * (GapStart + GapEnd) / 2.0;
        var parameters = new SpectrogramSetParameters
        {
            Rows = [new SetRowSpec { File = "ees/{item}.npz", Label = "EES", YScale = AxisScale.Log, ZScale = AxisScale.Log }],
            Events = [gapMiddle - 100, gapMiddle + 100],
            ZoomMinutes = 10,
        };
        const int width = 1300, height = 520;
        var plot = SpectrogramSetBuilder.Build("orbit", dir.Path, parameters).Plot!;
        var png = dir.File("orbit.png");
        using (var file = File.Create(png))
            SpectrogramSetFigure.Render(plot, file, FigureFormat.Png, width, height);
        var layout = SpectrogramSetLayout.For(width, height, 1, zoom: true);
        var row = plot.Rows[0];
        var zoom = plot.Zoom!.Value;
        Assert.True(zoom.Start < RowFileWriter.Start + Step * GapStart && RowFileWriter.Start + Step * GapEnd < zoom.End, "the zoom window should hold the gap");

        static int[] Box(Rect r) => [(int)r.X, (int)r.Y, (int)r.Width, (int)r.Height];
        var arguments = new JsonObject
        {
            ["main"] = new JsonArray(Box(layout.Rows[0].Main).Select(v => (JsonNode)v).ToArray()),
            ["zoom"] = new JsonArray(Box(layout.Rows[0].Zoom!.Value).Select(v => (JsonNode)v).ToArray()),
            ["tmin"] = plot.TimeMin, ["tmax"] = plot.TimeMax, ["zs"] = zoom.Start, ["ze"] = zoom.End,
            ["ymin"] = row.YMin, ["ymax"] = row.YMax, ["zmin"] = row.ZMin, ["zmax"] = row.ZMax,
            ["gap"] = new JsonArray(RowFileWriter.Start + Step * GapStart, RowFileWriter.Start + Step * (GapEnd - 1)),
            ["zero"] = new JsonArray(RowFileWriter.Start + Step * (ZeroTime + 1), Energies[ZeroEnergy]),
            // Event lines in both columns, the zoom window's edges in the main one: not data, not compared.
            ["marks_main"] = new JsonArray(plot.Events.Append(zoom.Start).Append(zoom.End).Select(t => (JsonNode)t).ToArray()),
            ["marks_zoom"] = new JsonArray(plot.Events.Select(t => (JsonNode)t).ToArray()),
        };
        var report = JsonNode.Parse(Python.Run(Reference, dir.File("ees/orbit.npz"), png, arguments.ToJsonString(), dir.Path))!;

        foreach (var panel in new[] { "main", "zoom" })
        {
            var p = report[panel]!;
            int Count(string name) => p[name]!.GetValue<int>();
            Assert.True(Count("compared") > 5000, $"{panel}: only {Count("compared")} pixels compared");
            // Every compared pixel is background in both or coloured in both, and coloured pixels agree in colour.
            Assert.True(Count("background_mismatch") == 0, $"{panel}: {Count("background_mismatch")} pixels are background in one image only ({p.ToJsonString()})");
            Assert.True(Count("colour_mismatch") == 0, $"{panel}: {Count("colour_mismatch")} pixels differ in colour by more than 6 ({p.ToJsonString()})");
            // The gap itself: background in both, top to bottom.
            Assert.True(Count("gap_pixels") > 100, $"{panel}: the gap covers only {Count("gap_pixels")} compared pixels");
            Assert.Equal(Count("gap_pixels"), Count("gap_white_ours"));
            Assert.Equal(Count("gap_pixels"), Count("gap_white_matplotlib"));
        }
        // A measured zero on the log scale is the floor colour (viridis' first entry), not a gap.
        var floor = Colormap.Get("viridis")[0];
        Assert.Equal($"{floor.R} {floor.G} {floor.B}", report["zero_cell_ours"]!.GetValue<string>());
        Assert.Equal(report["zero_cell_matplotlib"]!.GetValue<string>(), report["zero_cell_ours"]!.GetValue<string>());
    }

    /// <summary>
    /// The same cube as the seed draws it, plus the mask: nansum over pitch, log floor for values &lt;= zmin, cells with
    /// no sample masked; pcolormesh with LogNorm on axes filling a figure of each panel's size, with the cell edges of
    /// docs/spectrogram-set-figure.md (midpoints of the centres, in log10 on the log energy axis; matplotlib's
    /// shading='nearest' would take linear midpoints). Pixels within 1.5 px of a cell edge, or within 4 px of an event
    /// line or zoom window edge, are not compared (edge rounding differs by a pixel between the renderers).
    /// </summary>
    private const string Reference = """
        import sys, json, numpy as np, matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.colors import LogNorm
        from PIL import Image
        a = json.loads(sys.argv[3])
        npz = np.load(sys.argv[1])
        t, e, cube = npz["x"], npz["y"], npz["data"]
        z = np.nansum(cube, axis=1)
        gap = np.all(np.isnan(cube), axis=1)
        z = np.where(z <= a["zmin"], a["zmin"], z)
        z = np.ma.masked_where(gap, z)
        order = np.argsort(e)
        e, z = e[order], z[:, order]
        ours = np.asarray(Image.open(sys.argv[2]).convert("RGB")).astype(int)
        def edges(c):
            m = (c[1:] + c[:-1]) / 2
            return np.concatenate([[c[0] - (c[1] - c[0]) / 2], m, [c[-1] + (c[-1] - c[-2]) / 2]])

        report = {}
        for name, t0, t1 in (("main", a["tmin"], a["tmax"]), ("zoom", a["zs"], a["ze"])):
            x0, y0, w, h = a[name]
            fig = plt.figure(figsize=(w / 100, h / 100), dpi=100)
            ax = fig.add_axes([0, 0, 1, 1])
            ax.set_axis_off()
            ax.pcolormesh(edges(t), 10 ** edges(np.log10(e)), z.T, norm=LogNorm(a["zmin"], a["zmax"]), cmap="viridis", shading="flat")
            ax.set_xlim(t0, t1)
            ax.set_yscale("log")
            ax.set_ylim(a["ymin"], a["ymax"])
            path = f"{sys.argv[4]}/{name}_matplotlib.png"
            fig.savefig(path, dpi=100, facecolor="white")
            plt.close(fig)
            ref = np.asarray(Image.open(path).convert("RGB")).astype(int)
            mine = ours[y0:y0 + h, x0:x0 + w]
            assert ref.shape == mine.shape, (ref.shape, mine.shape)
            xc = (np.arange(w) + 0.5) / w * (t1 - t0) + t0
            yc = 10 ** (np.log10(a["ymax"]) - (np.arange(h) + 0.5) / h * (np.log10(a["ymax"]) - np.log10(a["ymin"])))
            xe = (edges(t) - t0) / (t1 - t0) * w
            ye = (np.log10(a["ymax"]) - np.log10(10 ** edges(np.log10(e)))) / (np.log10(a["ymax"]) - np.log10(a["ymin"])) * h
            near_x = np.min(np.abs((np.arange(w) + 0.5)[:, None] - xe[None, :]), axis=1) < 1.5
            near_y = np.min(np.abs((np.arange(h) + 0.5)[:, None] - ye[None, :]), axis=1) < 1.5
            marks = (np.array(a["marks_" + name]) - t0) / (t1 - t0) * w
            near_x |= np.min(np.abs((np.arange(w) + 0.5)[:, None] - marks[None, :]), axis=1) < 4
            keep = ~(near_y[:, None] | near_x[None, :])
            keep[:2, :] = keep[-2:, :] = False
            keep[:, :2] = keep[:, -2:] = False
            white_ours = np.all(mine == 255, axis=2)
            white_ref = np.all(ref == 255, axis=2)
            both = keep & ~white_ours & ~white_ref
            # One or two LUT steps of viridis differ by up to ~6 in the summed channels (tables rounded differently).
            di = np.abs(mine[both] - ref[both]).sum(axis=1)
            in_gap = keep & ((xc >= a["gap"][0]) & (xc <= a["gap"][1]))[None, :]
            report[name] = {"compared": int(keep.sum()), "background_mismatch": int((keep & (white_ours != white_ref)).sum()),
                            "colour_mismatch": int((di > 6).sum()), "gap_pixels": int(in_gap.sum()),
                            "gap_white_ours": int((in_gap & white_ours).sum()), "gap_white_matplotlib": int((in_gap & white_ref).sum())}
            if name == "main":
                px = int((a["zero"][0] - t0) / (t1 - t0) * w)
                py = int((np.log10(a["ymax"]) - np.log10(a["zero"][1])) / (np.log10(a["ymax"]) - np.log10(a["ymin"])) * h)
                report["zero_cell_ours"] = " ".join(str(v) for v in mine[py, px])
                report["zero_cell_matplotlib"] = " ".join(str(v) for v in ref[py, px])
        print(json.dumps(report))
        """;
}
