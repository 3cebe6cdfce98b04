using System.Globalization;
using Cluster.Plotting;
using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>Item -> figure description, without rendering: rows, limits, no_data, zoom, and errors naming item, row and file.</summary>
public class SetDataPathTests
{
    private static readonly double[] Energies = [30000, 4000, 1000, 100, 10];
    private const double T0 = RowFileWriter.Start;

    private static SpectrogramSetParameters Parameters(params SetRowSpec[] rows) => new() { Rows = rows };

    private static SetRowSpec Row(string file, string label = "") => new() { File = file, Label = label };

    [Fact]
    public void Rows_read_from_npz_keep_the_y_range_ascending_and_share_the_time_axis()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/o1.npz"), 10, 3, Energies, (t, p, e) => 1 + t + 10 * p + 100 * e);
        RowFileWriter.Cube(dir.File("ies/o1.npz"), 5, 2, Energies, (t, p, e) => e == 2 ? double.NaN : t, step: 10);
        var parameters = Parameters(Row("ees/{item}.npz", "EES") with { YMin = 10, YMax = 4000 }, Row("ies/{item}.npz", "IES"))
            with { Title = "orbit {item}" };

        var figure = SpectrogramSetBuilder.Build("o1", dir.Path, parameters);

        var plot = Assert.IsType<SpectrogramSetPlot>(figure.Plot);
        Assert.Equal("orbit o1", plot.Title);
        Assert.Equal((T0, T0 + 40), (plot.TimeMin, plot.TimeMax));
        Assert.Null(plot.Zoom);
        var ees = plot.Rows[0];
        Assert.Equal([10.0, 100, 1000, 4000], ees.Y);
        Assert.Equal((10.0, 4000.0), (ees.YMin, ees.YMax));
        // Value at energy index e (descending file order), time t: sum over 3 pitches = 3 + 3t + 30 + 300e.
        Assert.Equal(3 + 3 * 2 + 30 + 300 * 4, ees.Values[0 * 10 + 2]);
        Assert.Equal(3 + 3 * 9 + 30 + 300 * 1, ees.Values[3 * 10 + 9]);
        Assert.Equal(("EES", "Energy (eV)", "Counts", AxisScale.Linear), (ees.Label, ees.YLabel, ees.ZLabel, ees.ZScale));
        // The 1000 eV column of IES is NaN everywhere: nansum gives 0, so it stays (only all-NaN after collapse is
        // dropped), but no sample exists behind it: the figure gets NaN and shows the gap as background.
        var ies = plot.Rows[1];
        Assert.Equal(5, ies.Y.Length);
        Assert.All(Enumerable.Range(0, 5), t => Assert.True(double.IsNaN(ies.Values[2 * 5 + t])));
        Assert.All(Enumerable.Range(0, 5), t => Assert.Equal(2 * t, ies.Values[1 * 5 + t])); // t summed over 2 pitches
    }

    [Fact]
    public void Percentile_limits_are_clamped_by_the_global_z_range_and_a_row_clamp_replaces_it()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("a.npz"), 101, 1, [1.0], (t, _, _) => t);
        var rows = new[] { Row("a.npz"), Row("a.npz") with { ZMin = 2, ZMax = 200 }, Row("a.npz") with { VMin = -5, VMax = 50 } };
        var plot = SpectrogramSetBuilder.Build("any", dir.Path, Parameters(rows) with { ZMin = 10, ZMax = 90 }).Plot!;

        Assert.Equal((10.0, 90.0), (plot.Rows[0].ZMin, plot.Rows[0].ZMax)); // p1 = 1, p99 = 99, clamped
        Assert.Equal((2.0, 99.0), (plot.Rows[1].ZMin, plot.Rows[1].ZMax));
        Assert.Equal((10.0, 50.0), (plot.Rows[2].ZMin, plot.Rows[2].ZMax)); // fixed vmin/vmax, still clamped
        // Linear values keep their numbers; the figure clips them to the limits.
        Assert.Equal(100.0, plot.Rows[0].Values[100]);
    }

    [Fact]
    public void Constant_rows_get_a_range_around_their_value_and_log_rows_stay_positive()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("c.npz"), 20, 1, [5.0, 6.0], (_, _, _) => 4);
        RowFileWriter.Cube(dir.File("z.npz"), 20, 1, [5.0, 6.0], (_, _, _) => 0);
        var plot = SpectrogramSetBuilder.Build("k", dir.Path,
            Parameters(Row("c.npz"), Row("z.npz"), Row("z.npz") with { ZScale = AxisScale.Log })).Plot!;

        Assert.Equal((3.6, 4.4), (plot.Rows[0].ZMin, plot.Rows[0].ZMax));
        Assert.Equal((-0.1, 0.1), (plot.Rows[1].ZMin, plot.Rows[1].ZMax));
        Assert.Equal((1e-10, 1e-9), (plot.Rows[2].ZMin, plot.Rows[2].ZMax));
        Assert.All(plot.Rows[2].Values, v => Assert.Equal(1e-10, v));
    }

    [Fact]
    public void An_item_whose_rows_have_no_data_in_range_is_no_data_with_the_reason()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/quiet.npz"), 10, 2, Energies, (_, _, _) => 5);
        RowFileWriter.Cube(dir.File("ies/quiet.npz"), 10, 2, Energies, (_, _, _) => double.NaN);
        var parameters = Parameters(Row("ees/{item}.npz", "EES") with { YMin = 50_000, YMax = 90_000 }, Row("ies/{item}.npz", "IES"));

        var figure = SpectrogramSetBuilder.Build("quiet", dir.Path, parameters);

        Assert.Null(figure.Plot);
        Assert.Equal("no data in range in any row: row 0 (EES): no finite data with 50000 <= y <= 90000; row 1 (IES): no finite data", figure.NoDataReason);
    }

    [Fact]
    public void A_row_without_data_is_left_out_and_noted_while_the_others_are_drawn()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("a.npz"), 10, 2, Energies, (_, _, _) => 5);
        var figure = SpectrogramSetBuilder.Build("i", dir.Path, Parameters(Row("a.npz", "A") with { YMax = 5 }, Row("a.npz", "B")));

        var row = Assert.Single(figure.Plot!.Rows);
        Assert.Equal("B", row.Label);
        Assert.Contains("row 0 (A): no finite data with y <= 5; left out", figure.Notes);
    }

    [Theory]
    [InlineData(1.0, 600.0, 900.0)]   // 1.5 x gap wins
    [InlineData(20.0, 600.0, 1200.0)] // requested wins
    public void Two_events_centre_the_zoom_between_them_over_max_of_requested_and_one_and_a_half_gaps(double minutes, double gap, double expected)
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("a.npz"), 1440, 1, [1.0, 2.0], (t, _, e) => t + e, step: 2);
        var events = new[] { T0 + 1000, T0 + 1000 + gap, T0 + 2500 };
        var parameters = Parameters(Row("a.npz")) with { ZoomMinutes = minutes, Events = events };

        var plot = SpectrogramSetBuilder.Build("i", dir.Path, parameters).Plot!;

        var centre = T0 + 1000 + gap / 2;
        Assert.Equal((centre - expected / 2, centre + expected / 2), plot.Zoom!.Value);
        Assert.Equal(events, plot.Events);
        Assert.Equal(expected, ZoomWindow.For(events, minutes)!.Value.Duration, 9);
    }

    [Fact]
    public void One_event_centres_the_requested_window_and_no_data_in_the_window_means_no_zoom_column()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("a.npz"), 100, 1, [1.0], (t, _, _) => t < 50 ? t : double.NaN, step: 60);
        var parameters = Parameters(Row("a.npz")) with { ZoomMinutes = 10 };

        var inside = SpectrogramSetBuilder.Build("i", dir.Path, parameters with { Events = [T0 + 600] }).Plot!;
        Assert.Equal((T0 + 300, T0 + 900), inside.Zoom!.Value);

        // Data stop at T0 + 49 min: a window around T0 + 80 min has none.
        var outside = SpectrogramSetBuilder.Build("i", dir.Path, parameters with { Events = [T0 + 4800] });
        Assert.Null(outside.Plot!.Zoom);
        Assert.Contains(outside.Notes, n => n.StartsWith("no data in the zoom window", StringComparison.Ordinal));

        // Per-item events replace the common ones; without zoom_minutes there is never a zoom column.
        var perItem = parameters with { Events = [T0 + 4800], EventsByItem = new Dictionary<string, IReadOnlyList<double>> { ["i"] = [T0 + 600] } };
        Assert.NotNull(SpectrogramSetBuilder.Build("i", dir.Path, perItem).Plot!.Zoom);
        Assert.Null(SpectrogramSetBuilder.Build("i", dir.Path, perItem with { ZoomMinutes = null }).Plot!.Zoom);
    }

    [Fact]
    public void Numpy_written_float32_cube_with_pitch_last_collapses_along_axis_2()
    {
        using var dir = new TempDirectory();
        var expected = Python.Run("""
            import sys, numpy as np
            rng = np.random.default_rng(3)
            t = 1.7e9 + np.arange(50) * 4.0
            e = np.geomspace(30000, 5, 16)
            d = rng.lognormal(2, 1, (50, 16, 8)).astype(np.float32)
            d[rng.random(d.shape) < 0.2] = np.nan
            d[:, 3, :] = np.nan
            np.savez_compressed(sys.argv[1], time_unix=t, energy=e, flux=d)
            m = np.nansum(d.astype(np.float64), axis=2)
            keep = (e >= 10) & (e <= 4000)
            m = m[:, keep][:, ::-1].T
            print(repr(float(np.percentile(m, 1))), repr(float(np.percentile(m, 99))), repr(float(m.sum())), int(keep.sum()))
            """, dir.File("orbit.npz")).Split(' ');
        var row = new SetRowSpec { File = "{item}.npz", X = "time_unix", Y = "energy", Data = "flux", CollapseAxis = 2, YMin = 10, YMax = 4000 };

        var plot = SpectrogramSetBuilder.Build("orbit", dir.Path, Parameters(row)).Plot!;

        var r = Assert.Single(plot.Rows);
        Assert.Equal(int.Parse(expected[3], CultureInfo.InvariantCulture), r.Y.Length);
        Assert.True(r.Y.Zip(r.Y.Skip(1)).All(p => p.First < p.Second));
        Assert.Equal(double.Parse(expected[0], CultureInfo.InvariantCulture), r.ZMin, 9);
        Assert.Equal(double.Parse(expected[1], CultureInfo.InvariantCulture), r.ZMax, 9);
        Assert.Equal(double.Parse(expected[2], CultureInfo.InvariantCulture), r.Values.Sum(), 6);
    }

    [Fact]
    public void A_corrupt_or_missing_row_file_is_an_error_naming_the_item_the_row_and_the_file()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("ees/bad.npz"), 10, 2, Energies, (_, _, _) => 1);
        var bytes = File.ReadAllBytes(dir.File("ees/bad.npz"));
        File.WriteAllBytes(dir.File("ees/bad.npz"), bytes[..(bytes.Length / 2)]);
        var parameters = Parameters(Row("ees/{item}.npz", "EES"));

        var corrupt = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("bad", dir.Path, parameters));
        Assert.StartsWith($"item 'bad', row 0 (EES): {dir.File("ees/bad.npz")}: not a readable NPZ file", corrupt.Message);

        var missing = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("gone", dir.Path, parameters));
        Assert.Equal($"item 'gone', row 0 (EES): {dir.File("ees/gone.npz")}: no such file", missing.Message);

        RowFileWriter.Cube(dir.File("ees/ok.npz"), 10, 2, Energies, (_, _, _) => 1);
        var noArray = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("ok", dir.Path, Parameters(Row("ees/{item}.npz") with { Data = "flux" })));
        Assert.Equal($"item 'ok', row 0: {dir.File("ees/ok.npz")}: has no array 'flux' (it has: data, x, y)", noArray.Message);

        File.WriteAllText(dir.File("text.h5"), "not hdf5");
        var hdf5 = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("text", dir.Path, Parameters(Row("{item}.h5"))));
        Assert.StartsWith($"item 'text', row 0: {dir.File("text.h5")}: not a readable HDF5 file", hdf5.Message);
    }

    [Fact]
    public void Hdf5_rows_read_datasets_by_path_as_h5py_wrote_them()
    {
        using var dir = new TempDirectory();
        var expected = Python.Run("""
            import sys, h5py, numpy as np
            rng = np.random.default_rng(5)
            t = 1.7e9 + np.arange(40) * 2.0
            e = np.geomspace(20000, 5, 12)
            d = rng.integers(0, 1000, (40, 4, 12)).astype(np.int32)
            with h5py.File(sys.argv[1], 'w') as f:
                f['/entry/ees/time'] = t
                f['/entry/ees/energy'] = e.astype(np.float32)
                f['/entry/ees/flux'] = d
                f['/entry/ees/name'] = 'ees'
            m = d.astype(np.float64).sum(axis=1)[:, ::-1].T
            print(repr(float(np.percentile(m, 1))), repr(float(np.percentile(m, 99))), repr(float(m.sum())))
            """, dir.File("orbit_7.h5")).Split(' ');
        var row = new SetRowSpec { File = "{item}.h5", X = "/entry/ees/time", Y = "/entry/ees/energy", Data = "/entry/ees/flux" };

        var r = Assert.Single(SpectrogramSetBuilder.Build("orbit_7", dir.Path, Parameters(row)).Plot!.Rows);

        Assert.Equal(12, r.Y.Length);
        Assert.Equal((float)5.0, (float)r.Y[0]);
        Assert.Equal(double.Parse(expected[0], CultureInfo.InvariantCulture), r.ZMin, 9);
        Assert.Equal(double.Parse(expected[1], CultureInfo.InvariantCulture), r.ZMax, 9);
        Assert.Equal(double.Parse(expected[2], CultureInfo.InvariantCulture), r.Values.Sum(), 6);

        var missing = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("orbit_7", dir.Path, Parameters(row with { Data = "/entry/ies/flux" })));
        Assert.Equal($"item 'orbit_7', row 0: {dir.File("orbit_7.h5")}: has no dataset '/entry/ies/flux'", missing.Message);
        var text = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("orbit_7", dir.Path, Parameters(row with { Data = "/entry/ees/name" })));
        Assert.Contains("dataset '/entry/ees/name' is not numeric", text.Message);
    }

    [Fact]
    public void The_colour_bar_label_carries_the_units_an_hdf5_dataset_declares()
    {
        using var dir = new TempDirectory();
        Python.Run("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w') as f:
                f['t'] = 1.7e9 + np.arange(10) * 2.0
                f['e'] = np.geomspace(20000, 5, 6)
                f['flux'] = np.ones((10, 6))
                f['flux'].attrs['units'] = 'eV/(cm² s sr eV)'
                f['counts'] = np.ones((10, 6))
            """, dir.File("o.h5"));
        var row = new SetRowSpec { File = "{item}.h5", X = "t", Y = "e", Data = "flux", ZLabel = "Energy flux" };
        string Label(SetRowSpec r) => Assert.Single(SpectrogramSetBuilder.Build("o", dir.Path, Parameters(r)).Plot!.Rows).ZLabel;

        Assert.Equal("Energy flux (eV/(cm² s sr eV))", Label(row));
        // A label that states its unit already is kept; data without units keep the label as given.
        Assert.Equal("Energy flux (keV)", Label(row with { ZLabel = "Energy flux (keV)" }));
        Assert.Equal("Counts", Label(row with { Data = "counts", ZLabel = "Counts" }));
    }

    [Fact]
    public void Arrays_that_do_not_fit_together_are_errors_naming_the_arrays()
    {
        using var dir = new TempDirectory();
        RowFileWriter.Cube(dir.File("a.npz"), 10, 2, Energies, (_, _, _) => 1);
        var transposed = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("a", dir.Path, Parameters(Row("{item}.npz") with { CollapseAxis = 0 })));
        Assert.Contains("x='x', y='y', data='data'): data: shape (10, 2, 5) collapsed along axis 0 gives 2 times x 5 y values, but x has 10", transposed.Message);

        var swapped = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("a", dir.Path, Parameters(Row("{item}.npz") with { X = "y", Y = "x" })));
        Assert.Contains("but x has 5 and y has 10", swapped.Message);
    }

    [Fact]
    public void Row_files_may_not_leave_the_input_directory_through_the_item_name_or_a_link()
    {
        using var root = new TempDirectory();
        var inside = Directory.CreateDirectory(root.File("inside")).FullName;
        RowFileWriter.Cube(root.File("secret.npz"), 10, 2, Energies, (_, _, _) => 1);
        File.CreateSymbolicLink(Path.Combine(inside, "link.npz"), root.File("secret.npz"));

        var byName = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("../secret", inside, Parameters(Row("{item}.npz"))));
        Assert.Contains("is outside the input roots", byName.Message);
        var byLink = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("link", inside, Parameters(Row("{item}.npz"))));
        Assert.Contains("is outside the input roots", byLink.Message);
    }
}
