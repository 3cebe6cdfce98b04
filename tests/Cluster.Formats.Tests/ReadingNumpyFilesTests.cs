using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

/// <summary>Files written by numpy, read here, compared bit for bit with numpy's own dump of the same arrays.</summary>
public sealed class ReadingNumpyFilesTests(NumpyWrittenFiles files) : IClassFixture<NumpyWrittenFiles>
{
    private static readonly Dictionary<NpyDtype, string> NumpyNames = new()
    {
        [NpyDtype.Bool] = "bool", [NpyDtype.Int8] = "int8", [NpyDtype.Int16] = "int16", [NpyDtype.Int32] = "int32",
        [NpyDtype.Int64] = "int64", [NpyDtype.UInt8] = "uint8", [NpyDtype.UInt16] = "uint16", [NpyDtype.UInt32] = "uint32",
        [NpyDtype.UInt64] = "uint64", [NpyDtype.Float32] = "float32", [NpyDtype.Float64] = "float64",
        [NpyDtype.Complex64] = "complex64", [NpyDtype.Complex128] = "complex128",
    };

    [Theory]
    [MemberData(nameof(NumpyDescr.All), MemberType = typeof(NumpyDescr))]
    public void NpyFilesFromNpSaveAndWriteArray(NpyDtype dtype)
    {
        var name = NumpyNames[dtype];
        var npyFiles = files.Expected.Keys.Where(k => k.StartsWith(name + "_") && k.EndsWith(".npy")).ToList();
        // 5 shapes from np.save, a big-endian copy, and forced version 2.0 and 3.0 headers.
        Assert.Equal(8, npyFiles.Count);
        foreach (var file in npyFiles)
        {
            var array = Npy.Read(Path.Combine(files.Directory, file));
            Assert.Equal(dtype, array.Dtype);
            var expected = files.Expected[file];
            // Big-endian data is converted to native order on reading; the dtype kind and size stay the same.
            CanonicalValues.AssertEqual(expected with { Dtype = NumpyDescr.LittleEndian[dtype] },
                CanonicalValues.FromArray(array, NumpyDescr.LittleEndian[dtype]), file);
            Assert.Equal(expected.Dtype[1..], NumpyDescr.LittleEndian[dtype][1..]);
        }
        // The variants really are what they claim: a big-endian descr (single bytes have no order) and the header versions.
        Assert.Equal(NumpyDescr.LittleEndian[dtype][0] == '|' ? '|' : '>', files.Expected[name + "_bigendian.npy"].Dtype[0]);
        Assert.Equal(2, File.ReadAllBytes(Path.Combine(files.Directory, name + "_v2.npy"))[6]);
        Assert.Equal(3, File.ReadAllBytes(Path.Combine(files.Directory, name + "_v3.npy"))[6]);
    }

    [Theory]
    [MemberData(nameof(NumpyDescr.All), MemberType = typeof(NumpyDescr))]
    public void NpzFilesFromSavezAndSavezCompressed(NpyDtype dtype)
    {
        var name = NumpyNames[dtype];
        foreach (var variant in new[] { "savez", "savez_compressed" })
        {
            var file = $"{name}_{variant}.npz";
            var arrays = Npz.Read(Path.Combine(files.Directory, file));
            var expectedKeys = files.Expected.Keys.Where(k => k.StartsWith(file + ":")).Select(k => k[(file.Length + 1)..]).Order();
            Assert.Equal(expectedKeys, arrays.Keys.Order());
            foreach (var (key, array) in arrays)
            {
                Assert.Equal(dtype, array.Dtype);
                CanonicalValues.AssertEqual(files.Expected[$"{file}:{key}"],
                    CanonicalValues.FromArray(array, NumpyDescr.LittleEndian[dtype]), $"{file}:{key}");
            }
        }
    }

    [Fact]
    public void ReferenceSpectrogramFromTheIqtoolsFixture()
    {
        // Values from ../shared/fixtures/iqtools/expected_values.json (numpy 1.24.2).
        var array = Npy.Read(RepositoryPaths.Fixture("iqtools", "expected_power_spectrogram_n100_l1024.npy"));

        Assert.Equal(NpyDtype.Float32, array.Dtype);
        Assert.Equal([100L, 1024L], array.Shape);
        var power = array.As<float>();
        Assert.Equal(3.6864237245026743e-06, (double)power[0]);
        var max = power.Max();
        Assert.Equal(2.8585379123687744, (double)max);
        var argmax = Array.IndexOf(power, max);
        Assert.Equal((98, 517), (argmax / 1024, argmax % 1024));
    }
}
