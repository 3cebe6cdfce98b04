using Cluster.Processors.SpectrogramSet;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.SpectrogramSet;

/// <summary>
/// Row files that are empty, infinite or the wrong shape, written by numpy and h5py: no_data with the reason, or an error
/// naming the item, the row, the file and the arrays; never a crash or an empty figure.
/// </summary>
public class SetBadRowFileTests
{
    private static SpectrogramSetParameters Parameters(params SetRowSpec[] rows) => new() { Rows = rows };

    private static SetRowSpec Row(string file, string label = "") => new() { File = file, Label = label };

    [Fact]
    public void An_empty_cube_is_no_data_naming_the_row()
    {
        using var dir = new TempDirectory();
        Python.Run("""
            import sys, numpy as np
            np.savez(sys.argv[1], x=np.zeros(0), y=np.array([10.0, 100.0, 1000.0]), data=np.zeros((0, 4, 3)))
            """, dir.File("empty.npz"));

        var figure = SpectrogramSetBuilder.Build("empty", dir.Path, Parameters(Row("{item}.npz", "EES")));

        Assert.Null(figure.Plot);
        Assert.Equal("no data in range in any row: row 0 (EES): no finite data", figure.NoDataReason);
    }

    [Fact]
    public void Infinity_everywhere_is_no_data_and_an_infinite_time_is_an_error_naming_it()
    {
        using var dir = new TempDirectory();
        Python.Run("""
            import sys, numpy as np
            t = 1.7e9 + np.arange(6) * 4.0
            np.savez(sys.argv[1], x=t, y=np.array([10.0, 100.0]), data=np.full((6, 2), np.inf))
            np.savez(sys.argv[2], x=np.full(6, -np.inf), y=np.array([10.0, 100.0]), data=np.ones((6, 2)))
            """, dir.File("hot.npz"), dir.File("when.npz"));

        var hot = SpectrogramSetBuilder.Build("hot", dir.Path, Parameters(Row("{item}.npz", "EES")));
        var when = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("when", dir.Path, Parameters(Row("{item}.npz", "EES"))));

        Assert.Null(hot.Plot);
        Assert.Equal("no data in range in any row: row 0 (EES): no finite data", hot.NoDataReason);
        Assert.Equal($"item 'when', row 0 (EES): {dir.File("when.npz")} (x='x', y='y', data='data'): x: time 0 is -Infinity", when.Message);
    }

    [Fact]
    public void A_one_dimensional_hdf5_dataset_is_an_error_naming_the_item_the_row_and_the_shape()
    {
        using var dir = new TempDirectory();
        Python.Run("""
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], 'w') as f:
                f['/entry/time'] = 1.7e9 + np.arange(8) * 2.0
                f['/entry/energy'] = np.array([10.0, 100.0])
                f['/entry/flux'] = np.ones(16)
            """, dir.File("flat.h5"));
        var row = new SetRowSpec { File = "{item}.h5", X = "/entry/time", Y = "/entry/energy", Data = "/entry/flux", Label = "IES" };

        var error = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("flat", dir.Path, Parameters(row)));

        Assert.Equal($"item 'flat', row 0 (IES): {dir.File("flat.h5")} (x='/entry/time', y='/entry/energy', data='/entry/flux'): " +
            "data: must be 2-D (time, y) or 3-D (got shape (16,))", error.Message);
    }

    [Fact]
    public void A_four_dimensional_npz_array_is_an_error_naming_the_shape()
    {
        using var dir = new TempDirectory();
        Python.Run("""
            import sys, numpy as np
            np.savez(sys.argv[1], x=1.7e9 + np.arange(3) * 4.0, y=np.array([10.0, 100.0]), data=np.ones((3, 2, 2, 2)))
            """, dir.File("hyper.npz"));

        var error = Assert.Throws<SpectrogramSetInputException>(() => SpectrogramSetBuilder.Build("hyper", dir.Path, Parameters(Row("{item}.npz", "EES"))));

        Assert.Equal($"item 'hyper', row 0 (EES): {dir.File("hyper.npz")} (x='x', y='y', data='data'): " +
            "data: must be 2-D (time, y) or 3-D (got shape (3, 2, 2, 2))", error.Message);
    }

    [Fact]
    public void A_url_encoded_item_name_is_not_decoded_into_a_climb_out_of_the_directory()
    {
        using var root = new TempDirectory();
        var inside = Directory.CreateDirectory(root.File("inside")).FullName;
        Python.Run("""
            import sys, numpy as np
            np.savez(sys.argv[1], x=1.7e9 + np.arange(3) * 4.0, y=np.array([10.0, 100.0]), data=np.ones((3, 2)))
            """, root.File("secret.npz"));

        var error = Assert.Throws<SpectrogramSetInputException>(() =>
            SpectrogramSetBuilder.Build("%2e%2e%2fsecret", inside, Parameters(Row("{item}.npz", "EES"))));

        Assert.Equal($"item '%2e%2e%2fsecret', row 0 (EES): {Path.Combine(inside, "%2e%2e%2fsecret.npz")}: no such file", error.Message);
    }
}
