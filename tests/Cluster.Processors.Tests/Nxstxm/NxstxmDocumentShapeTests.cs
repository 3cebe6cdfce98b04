using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

/// <summary>
/// The kind converts an older pyStxm example file (the object of runs as plain JSON, not JSON-encoded into a string)
/// as it is: the file is valid NXstxm and holds exactly what the conversion of the suitcase example it was written
/// from holds. Debian's python3 writes the plain file from the real example and compares the two HDF5 files with h5py.
/// </summary>
public class NxstxmDocumentShapeTests
{
    private const string Compare = """
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
names = []
a.visit(names.append)
other = []
b.visit(other.append)
assert names == other, (names, other)
checked = 0
for n in names:
    x, y = a[n], b[n]
    if isinstance(x, h5py.Dataset) and x.dtype.kind in 'fiu':
        assert x.dtype == y.dtype and x.shape == y.shape, n
        assert x.chunks == y.chunks and x.compression == y.compression and x.shuffle == y.shuffle, n
        assert np.array_equal(x[()], y[()], equal_nan=x.dtype.kind == 'f'), n
        checked += 1
print(checked)
""";

    [Theory]
    [InlineData("SAMPLE_IMAGE_STACK")]
    [InlineData("TOMOGRAPHY_SCAN")]
    public void A_plain_object_file_converts_to_the_same_valid_file_as_its_encoded_original(string name)
    {
        using var dir = new TempDirectory();
        var plainDir = Directory.CreateDirectory(dir.File("plain")).FullName;
        var encodedDir = Directory.CreateDirectory(dir.File("encoded")).FullName;
        var plain = Path.Combine(plainDir, name + ".json");
        Python.Run("import json, sys; json.dump(json.loads(json.load(open(sys.argv[1]))), open(sys.argv[2], 'w'))", StxmExampleReference.PathOf(name), plain);

        var result = NxstxmRuns.Convert(plain, plainDir);
        NxstxmRuns.Convert(StxmExampleReference.PathOf(name), encodedDir);

        Assert.Equal([$"{name}.hdf5", $"{name}.png"], result.Artifacts.Select(a => a.Name));
        var hdf5 = Path.Combine(plainDir, name + ".hdf5");
        var (status, report) = NexusValidator.Validate(hdf5, "--strict", "--profile", "mantis");
        Assert.True(status == 0, report);
        var numeric = int.Parse(Python.Run(Compare, Path.Combine(encodedDir, name + ".hdf5"), hdf5).Trim());
        Assert.True(numeric > 20, $"only {numeric} numeric datasets compared");
    }
}
