using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class ErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_text_file_is_refused_naming_the_file_and_the_missing_signature()
    {
        var path = _dir.File("notes.h5");
        File.WriteAllText(path, "just some text, not HDF5\n");
        var error = Assert.Throws<Hdf5Exception>(() => H5File.OpenRead(path));
        Assert.Equal(path, error.FileName);
        Assert.Equal($"cannot open file '{path}': unable to open file: file signature not found", error.Message);
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        var path = _dir.File("absent.h5");
        var error = Assert.Throws<Hdf5Exception>(() => H5File.OpenRead(path));
        Assert.StartsWith($"cannot open file '{path}': unable to open file", error.Message);
        Assert.Contains("No such file or directory", error.Message);
    }

    [Fact]
    public void A_missing_dataset_or_group_is_named_with_its_path_inside_the_file()
    {
        var path = _dir.File("small.h5");
        using (var file = H5File.Create(path))
        using (var entry = file.Root.CreateGroup("entry"))
        using (entry.CreateDataset("x", H5ElementType.Float64, [1])) { }

        using var reread = H5File.OpenRead(path);
        using var group = reread.Root.OpenGroup("entry");
        var dataset = Assert.Throws<Hdf5Exception>(() => group.OpenDataset("ees/flux"));
        Assert.Equal("/entry/ees/flux", dataset.ObjectPath);
        Assert.StartsWith($"cannot open dataset '/entry/ees/flux' in '{path}': ", dataset.Message);
        Assert.Contains("not found", dataset.Message);

        var notGroup = Assert.Throws<Hdf5Exception>(() => reread.Root.OpenGroup("/entry/x"));
        Assert.Equal("/entry/x", notGroup.ObjectPath);

        using var x = group.OpenDataset("x");
        var strings = Assert.Throws<Hdf5Exception>(() => x.ReadStrings());
        Assert.Contains("it holds 8-byte floats, not strings", strings.Message);
    }

    [Fact]
    public void A_truncated_file_gives_a_clear_error_when_opened_or_read()
    {
        var complete = _dir.File("complete.h5");
        using (var file = H5File.Create(complete))
        using (var d = file.Root.CreateDataset("big", H5ElementType.Float64, [200_000]))
            d.Write<double>(Enumerable.Range(0, 200_000).Select(i => (double)i).ToArray());
        var bytes = File.ReadAllBytes(complete);
        var truncated = _dir.File("truncated.h5");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<Hdf5Exception>(() =>
        {
            using var file = H5File.OpenRead(truncated);
            using var d = file.Root.OpenDataset("big");
            d.Read<double>();
        });
        Assert.Equal(truncated, error.FileName);
        // HDF5 notices that the end-of-file address recorded in the superblock lies beyond the file's size.
        Assert.Equal($"cannot open file '{truncated}': unable to open file: truncated file: eof = {bytes.Length / 2}, sblock->base_addr = 0, stored_eof = {bytes.Length}", error.Message);
    }

    [Fact]
    public void Writing_into_a_file_opened_read_only_is_refused()
    {
        var path = _dir.File("ro.h5");
        using (H5File.Create(path)) { }
        using var file = H5File.OpenRead(path);
        var error = Assert.Throws<Hdf5Exception>(() => file.Root.CreateGroup("entry"));
        Assert.StartsWith($"cannot create group '/entry' in '{path}': ", error.Message);
        Assert.Contains("no write intent on file", error.Message);
    }
}
