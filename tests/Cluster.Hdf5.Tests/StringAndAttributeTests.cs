using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class StringAndAttributeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string NonAscii = "Ångström µm – 10³ Ω";

    [Fact]
    public void Strings_of_both_layouts_read_back_in_h5py_as_str_and_bytes_and_here()
    {
        var path = _dir.File("strings.h5");
        using (var file = H5File.Create(path))
        {
            using (file.Root.CreateStringDataset("title", NonAscii)) { }
            using (file.Root.CreateStringDataset("definition", ["NXstxm"])) { }
            using (file.Root.CreateStringDataset("axes", ["energy", "sample_y", "sample_x"])) { }
            using (file.Root.CreateStringDataset("utf8_fixed", ["α", "βγ"])) { }
            using (file.Root.CreateStringDataset("names", ["a", NonAscii], H5StringLayout.VariableLength)) { }
            using (file.Root.CreateStringDataset("fixed_scalar", "NXentry", H5StringLayout.FixedLength)) { }
        }

        var seen = H5py.Json("""
            f = h5py.File(sys.argv[1], 'r')
            def describe(d):
                v = d[()]
                items = [v] if d.ndim == 0 else list(v)
                info = h5py.check_string_dtype(d.dtype)
                return {'types': ['bytes' if isinstance(x, bytes) else type(x).__name__ for x in items],  # numpy.bytes_ is bytes
                        'str': [d.asstr()[()]] if d.ndim == 0 else d.asstr()[()].tolist(),
                        'encoding': info.encoding, 'length': info.length,
                        'values': [x.decode('utf-8') if isinstance(x, bytes) else x for x in items],
                        'ndim': d.ndim, 'itemsize': d.dtype.itemsize, 'kind': d.dtype.kind}
            print(json.dumps({n: describe(f[n]) for n in f}))
            """, path);
        // h5py 3 reads string *datasets* as bytes and decodes them with .asstr() using the stored encoding
        // (attributes come back as str directly); variable length shows as length None.
        var title = seen.GetProperty("title");
        Assert.Equal("utf-8", title.GetProperty("encoding").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, title.GetProperty("length").ValueKind);
        Assert.Equal(NonAscii, title.GetProperty("str")[0].GetString());
        Assert.Equal(NonAscii, title.GetProperty("values")[0].GetString());
        Assert.Equal(0, title.GetProperty("ndim").GetInt32());

        var definition = seen.GetProperty("definition");
        Assert.Equal("bytes", definition.GetProperty("types")[0].GetString());
        Assert.Equal("NXstxm", definition.GetProperty("values")[0].GetString());
        Assert.Equal(6, definition.GetProperty("itemsize").GetInt32()); // as NAPI: exactly the longest value

        var axes = seen.GetProperty("axes");
        Assert.Equal(["energy", "sample_y", "sample_x"], axes.GetProperty("values").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(8, axes.GetProperty("itemsize").GetInt32());
        Assert.Equal(["α", "βγ"], seen.GetProperty("utf8_fixed").GetProperty("values").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["a", NonAscii], seen.GetProperty("names").GetProperty("str").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("utf-8", seen.GetProperty("names").GetProperty("encoding").GetString());
        Assert.Equal("ascii", seen.GetProperty("definition").GetProperty("encoding").GetString());
        Assert.Equal(6, seen.GetProperty("definition").GetProperty("length").GetInt32());
        Assert.Equal("utf-8", seen.GetProperty("utf8_fixed").GetProperty("encoding").GetString());
        Assert.Equal("bytes", seen.GetProperty("fixed_scalar").GetProperty("types")[0].GetString());

        using var reread = H5File.OpenRead(path);
        string[] Read(string name)
        {
            using var d = reread.Root.OpenDataset(name);
            return d.ReadStrings();
        }
        Assert.Equal([NonAscii], Read("title"));
        Assert.Equal(["NXstxm"], Read("definition"));
        Assert.Equal(["energy", "sample_y", "sample_x"], Read("axes"));
        Assert.Equal(["α", "βγ"], Read("utf8_fixed"));
        Assert.Equal(["a", NonAscii], Read("names"));
        Assert.Equal(["NXentry"], Read("fixed_scalar"));
        using var titleSet = reread.Root.OpenDataset("title");
        Assert.True(titleSet.DataType.IsVariableLengthString);
        Assert.Equal(H5TypeClass.String, titleSet.DataType.Class);
    }

    [Fact]
    public void Attributes_of_every_kind_read_back_in_h5py_with_their_types_and_here()
    {
        var path = _dir.File("attributes.h5");
        using (var file = H5File.Create(path))
        using (var group = file.Root.CreateGroup("data"))
        using (var dataset = group.CreateDataset("signal", H5ElementType.Float64, [2]))
        {
            dataset.Write<double>([1, 2]);
            group.Attributes.WriteString("signal", "data");
            group.Attributes.WriteStrings("axes", ["energy", "sample_x"]);
            group.Attributes.Write("energy_indices", 0);
            group.Attributes.WriteArray<uint>("sample_x_indices", [1u]);
            group.Attributes.WriteString("NX_class", "NXdata", H5StringLayout.FixedLength);
            dataset.Attributes.Write("signal", 1);
            dataset.Attributes.Write("offset", -2.5);
            dataset.Attributes.Write<byte>("flag", 200);
            dataset.Attributes.WriteArray<float>("range", [0.5f, 1.5f]);
            dataset.Attributes.WriteArray<long>("big", [long.MaxValue, long.MinValue]);
            dataset.Attributes.WriteString("units", NonAscii);
            dataset.Attributes.WriteString("units", "eV"); // replaces
        }

        var seen = H5py.Json("""
            f = h5py.File(sys.argv[1], 'r')
            out = {}
            for obj in (f['data'], f['data/signal']):
                for k, v in obj.attrs.items():
                    if isinstance(v, np.ndarray):
                        out[obj.name + '@' + k] = [str(v.dtype), [x.decode() if isinstance(x, bytes) else x for x in v.tolist()]]
                    else:
                        out[obj.name + '@' + k] = [type(v).__name__, v.decode() if isinstance(v, bytes) else v.item() if hasattr(v, 'item') else v]
            print(json.dumps(out, separators=(',', ':')))
            """, path);
        void Expect(string key, string type, string valueJson)
        {
            var entry = seen.GetProperty(key);
            Assert.Equal(type, entry[0].GetString());
            Assert.Equal(valueJson, entry[1].GetRawText());
        }
        Expect("/data@signal", "str", "\"data\"");
        Expect("/data@axes", "|S8", "[\"energy\",\"sample_x\"]");
        Expect("/data@energy_indices", "int32", "0");
        Expect("/data@sample_x_indices", "uint32", "[1]");
        Expect("/data@NX_class", "bytes_", "\"NXdata\"");
        Expect("/data/signal@signal", "int32", "1");
        Expect("/data/signal@offset", "float64", "-2.5");
        Expect("/data/signal@flag", "uint8", "200");
        Expect("/data/signal@range", "float32", "[0.5,1.5]");
        Expect("/data/signal@big", "int64", "[9223372036854775807,-9223372036854775808]");
        Expect("/data/signal@units", "str", "\"eV\"");

        using var reread = H5File.OpenRead(path);
        using var data = reread.Root.OpenGroup("data");
        using var signal = data.OpenDataset("signal");
        Assert.Equal(["NX_class", "axes", "energy_indices", "sample_x_indices", "signal"], data.Attributes.Names());
        Assert.True(data.Attributes.Exists("axes"));
        Assert.False(data.Attributes.Exists("nothing"));
        Assert.Equal("data", data.Attributes.ReadString("signal"));
        Assert.Equal("NXdata", data.Attributes.ReadString("NX_class"));
        Assert.Equal(["energy", "sample_x"], data.Attributes.ReadStrings("axes"));
        Assert.Equal(0, data.Attributes.Read<int>("energy_indices"));
        Assert.Equal(1.0, data.Attributes.Read<double>("sample_x_indices"));
        Assert.Equal(-2.5, signal.Attributes.Read<double>("offset"));
        Assert.Equal(200, signal.Attributes.Read<int>("flag"));
        Assert.Equal([0.5, 1.5], signal.Attributes.ReadArray<double>("range"));
        Assert.Equal([long.MaxValue, long.MinValue], signal.Attributes.ReadArray<long>("big"));
        Assert.Equal("eV", signal.Attributes.ReadString("units"));

        var notNumbers = Assert.Throws<Hdf5Exception>(() => signal.Attributes.Read<double>("units"));
        Assert.Contains("/data/signal@units", notNumbers.Message);
        var missing = Assert.Throws<Hdf5Exception>(() => signal.Attributes.ReadString("missing"));
        Assert.Contains("/data/signal@missing", missing.Message);
    }
}
