using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class NumericRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Values chosen to sit at the edges of each type, so that a wrong memory type or a truncation shows.
    public static TheoryData<string> Types => ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"];

    [Theory]
    [MemberData(nameof(Types))]
    public void Each_type_in_scalar_1d_and_3d_reads_back_in_h5py_and_here(string dtype)
    {
        var path = _dir.File($"{dtype}.h5");
        using (var file = H5File.Create(path))
        {
            switch (dtype)
            {
                case "int8": WriteAll<sbyte>(file.Root, H5ElementType.Int8, i => (sbyte)(i % 2 == 0 ? -128 + i : 127 - i)); break;
                case "uint8": WriteAll<byte>(file.Root, H5ElementType.UInt8, i => (byte)(255 - i)); break;
                case "int16": WriteAll<short>(file.Root, H5ElementType.Int16, i => (short)(-32768 + 1000 * i)); break;
                case "uint16": WriteAll<ushort>(file.Root, H5ElementType.UInt16, i => (ushort)(65535 - 1000 * i)); break;
                case "int32": WriteAll<int>(file.Root, H5ElementType.Int32, i => int.MinValue + 100_000 * i); break;
                case "uint32": WriteAll<uint>(file.Root, H5ElementType.UInt32, i => uint.MaxValue - (uint)(100_000 * i)); break;
                case "int64": WriteAll<long>(file.Root, H5ElementType.Int64, i => long.MinValue + 1_000_000_007L * i); break;
                case "uint64": WriteAll<ulong>(file.Root, H5ElementType.UInt64, i => ulong.MaxValue - (ulong)(1_000_000_007L * i)); break;
                case "float32": WriteAll<float>(file.Root, H5ElementType.Float32, i => 1.5f * i - 7.25f); break;
                case "float64": WriteAll<double>(file.Root, H5ElementType.Float64, i => Math.PI * i - 1e300); break;
            }
        }

        var seen = H5py.Json("""
            f = h5py.File(sys.argv[1], 'r')
            out = {}
            for n in ('scalar', 'vector', 'cube'):
                d = f[n]
                out[n] = {'dtype': str(d.dtype), 'shape': list(d.shape), 'values': [repr(x) for x in np.asarray(d[()]).ravel().tolist()]}
            print(json.dumps(out))
            """, path);
        foreach (var name in new[] { "scalar", "vector", "cube" })
            Assert.Equal(dtype, seen.GetProperty(name).GetProperty("dtype").GetString());
        Assert.Empty(seen.GetProperty("scalar").GetProperty("shape").EnumerateArray());
        Assert.Equal([5], seen.GetProperty("vector").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([2, 3, 4], seen.GetProperty("cube").GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));

        // The same values, as python prints them, for the cube (24 values): compare against our own formatting
        // through double for floats and exact integers otherwise.
        var cube = seen.GetProperty("cube").GetProperty("values").EnumerateArray().Select(e => e.GetString()!).ToArray();
        using var reread = H5File.OpenRead(path);
        using var dataset = reread.Root.OpenDataset("cube");
        Assert.Equal([2L, 3L, 4L], dataset.Shape);
        if (dtype.StartsWith("float"))
        {
            var ours = dataset.Read<double>();
            Assert.Equal(cube.Select(double.Parse), ours);
        }
        else if (dtype == "uint64")
        {
            Assert.Equal(cube.Select(ulong.Parse), dataset.Read<ulong>());
        }
        else
        {
            Assert.Equal(cube.Select(long.Parse), dataset.Read<long>());
        }
        Assert.Equal(dtype.StartsWith("float") ? H5TypeClass.Float : H5TypeClass.Integer, dataset.DataType.Class);
        Assert.Equal(int.Parse(new string(dtype.Where(char.IsDigit).ToArray())) / 8, dataset.DataType.Size);
        Assert.Equal(dtype.StartsWith("int") || dtype.StartsWith("float"), dataset.DataType.IsSigned);
    }

    private static void WriteAll<T>(H5Group root, H5ElementType type, Func<int, T> value) where T : unmanaged
    {
        using (var scalar = root.CreateDataset("scalar", type, []))
            scalar.Write<T>([value(3)]);
        using (var vector = root.CreateDataset("vector", type, [5]))
            vector.Write<T>(Enumerable.Range(0, 5).Select(value).ToArray());
        using var cube = root.CreateDataset("cube", type, [2, 3, 4]);
        cube.Write<T>(Enumerable.Range(0, 24).Select(value).ToArray());
    }

    [Fact]
    public void Hdf5_converts_between_memory_and_stored_types()
    {
        var path = _dir.File("convert.h5");
        using (var file = H5File.Create(path))
        using (var stored = file.Root.CreateDataset("as_float32", H5ElementType.Float32, [4]))
            stored.Write<double>([0.1, -2.5, 1e10, 3]);

        var values = H5py.Json("f = h5py.File(sys.argv[1], 'r'); d = f['as_float32']; print(json.dumps([str(d.dtype)] + [float(x) for x in d[()]]))", path);
        Assert.Equal("float32", values[0].GetString());
        Assert.Equal([(double)0.1f, -2.5, 1e10, 3.0], values.EnumerateArray().Skip(1).Select(e => e.GetDouble()));

        using var reread = H5File.OpenRead(path);
        using var dataset = reread.Root.OpenDataset("as_float32");
        Assert.Equal([0, -2, 10_000_000_000L, 3], dataset.Read<long>());
        Assert.Equal([0.1f, -2.5f, 1e10f, 3f], dataset.Read<float>());
    }

    [Fact]
    public void Writing_the_wrong_number_of_elements_is_refused_with_the_path()
    {
        using var file = H5File.Create(_dir.File("count.h5"));
        using var dataset = file.Root.CreateDataset("v", H5ElementType.Float64, [3]);
        var error = Assert.Throws<ArgumentException>(() => dataset.Write<double>([1, 2]));
        Assert.Contains("2 values given for '/v'", error.Message);
    }
}
