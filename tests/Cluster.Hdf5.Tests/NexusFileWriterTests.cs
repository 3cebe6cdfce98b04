using Cluster.Nexus;
using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class NexusFileWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const int NE = 3, NY = 4, NX = 5;

    /// <summary>A small but complete NXstxm image stack, built by hand as the NXstxm builder would.</summary>
    private static NexusGroup StackTree(float[] stack)
    {
        var energies = new[] { 700.0, 705.5, 710.0 };
        var ys = Enumerable.Range(0, NY).Select(i => -1.0 + 0.5 * i).ToArray();
        var xs = Enumerable.Range(0, NX).Select(i => 2.0 + 0.25 * i).ToArray();
        var points = NE * NY * NX;

        var root = new NexusGroup("root", "NXroot");
        root.Attributes.Set("file_name", "stack.nxs").Set("file_time", "2021-03-16T12:50:01+01:00").Set("creator", "Cluster tests").Set("default", "entry1");
        var entry = root.AddGroup("entry1", "NXentry");
        entry.Attributes.Set("default", "counter0");
        entry.AddField("title", new NexusText("Fe L-edge stack – Ω sample"));
        entry.AddField("start_time", new NexusText("2021-03-16T12:42:07+01:00"));
        entry.AddField("end_time", new NexusText("2021-03-16T12:50:00+01:00"));
        entry.AddField("definition", new NexusTextArray(["NXstxm"]));

        var instrument = entry.AddGroup("instrument", "NXinstrument");
        var source = instrument.AddGroup("source", "NXsource");
        source.AddField("type", new NexusText("Synchrotron X-ray Source"));
        source.AddField("name", new NexusText("SLS"));
        source.AddField("probe", new NexusText("x-ray"));
        var mono = instrument.AddGroup("monochromator", "NXmonochromator");
        mono.AddField("energy", new NexusArray(Enumerable.Range(0, points).Select(p => energies[p / (NY * NX)]).ToArray(), points))
            .Attributes.Set("units", "eV");
        var detector = instrument.AddGroup("counter0", "NXdetector");
        detector.AddField("data", new NexusArray(stack, points), new NexusStorage());
        var sampleX = instrument.AddGroup("sample_x", "NXdetector");
        sampleX.AddField("data", new NexusArray(Enumerable.Range(0, points).Select(p => xs[p % NX]).ToArray(), points));
        var sampleY = instrument.AddGroup("sample_y", "NXdetector");
        sampleY.AddField("data", new NexusArray(Enumerable.Range(0, points).Select(p => ys[p / NX % NY]).ToArray(), points));

        var sample = entry.AddGroup("sample", "NXsample");
        sample.AddField("rotation_angle", NexusArray.Scalar(0.0)).Attributes.Set("units", "degree");

        var data = entry.AddGroup("counter0", "NXdata");
        data.Attributes.Set("signal", "data")
            .Set("axes", new NexusTextArray(["energy", "sample_y", "sample_x"]))
            .Set("energy_indices", NexusArray.Scalar(0))
            .Set("sample_y_indices", NexusArray.Scalar(1))
            .Set("sample_x_indices", NexusArray.Scalar(2));
        data.AddField("stxm_scan_type", new NexusTextArray(["sample image stack"]));
        data.AddField("data", new NexusArray(stack, NE, NY, NX), new NexusStorage(ChunkShape: [1, NY, NX], GzipLevel: 6))
            .Attributes.Set("signal", NexusArray.Scalar(1));
        data.AddField("energy", NexusArray.Vector(energies)).Attributes.Set("units", "eV");
        data.AddField("sample_y", NexusArray.Vector(ys));
        data.AddField("sample_x", NexusArray.Vector(xs));
        data.AddField("count_time", new NexusArray(Enumerable.Repeat(0.001, NE).ToArray(), NE));
        data.AddLink("monochromator_energy", "/entry1/instrument/monochromator/energy");

        var control = entry.AddGroup("control", "NXmonitor");
        control.AddField("data", new NexusArray(Enumerable.Repeat(400.0, points).ToArray(), NE, NY, NX));
        return root;
    }

    private static float[] StackValues() => Enumerable.Range(0, NE * NY * NX).Select(i => 1000f + i * 0.5f).ToArray();

    [Fact]
    public void An_nxstxm_tree_reads_back_in_h5py_with_exact_values_attributes_and_links()
    {
        var path = _dir.File("stack.nxs");
        var stack = StackValues();
        NexusFileWriter.Write(StackTree(stack), path);

        var seen = H5py.Json("""
            f = h5py.File(sys.argv[1], 'r')
            e = f['entry1']; d = e['counter0']; s = d['data']
            def t(v): return v.decode() if isinstance(v, bytes) else v
            print(json.dumps({
                'root_class': [type(f.attrs['NX_class']).__name__, t(f.attrs['NX_class'])],
                'root_attrs': {k: t(v) for k, v in f.attrs.items()},
                'entry_class': t(e.attrs['NX_class']),
                'title': [h5py.check_string_dtype(e['title'].dtype).encoding, e['title'].asstr()[()]],
                'definition': [e['definition'].shape, e['definition'][0].decode(), type(e['definition'][0]).__name__],
                'scan_type': d['stxm_scan_type'][0].decode(),
                'signal': [type(d.attrs['signal']).__name__, d.attrs['signal']],
                'axes': [x.decode('UTF-8') for x in d.attrs['axes']],
                'indices': [int(d.attrs[k]) for k in ('energy_indices', 'sample_y_indices', 'sample_x_indices')],
                'data': [str(s.dtype), list(s.shape), list(s.chunks), s.compression, s.compression_opts, s.shuffle, s[()].ravel().tolist()],
                'data_signal': [str(s.attrs['signal'].dtype), int(s.attrs['signal'])],
                'detector': [list(e['instrument/counter0/data'].chunks), e['instrument/counter0/data'].compression_opts],
                'rotation': [e['sample/rotation_angle'].shape, float(e['sample/rotation_angle'][()]), e['sample/rotation_angle'].attrs['units']],
                'link': [d.get('monochromator_energy', getlink=True).path, d['monochromator_energy'][:3].tolist()],
                'energy_units': d['energy'].attrs['units'],
                'control': list(e['control/data'].shape),
            }, separators=(',', ':')))
            """, path);
        Assert.Equal("[\"bytes_\",\"NXroot\"]", seen.GetProperty("root_class").GetRawText());
        Assert.Equal("Cluster tests", seen.GetProperty("root_attrs").GetProperty("creator").GetString());
        Assert.Equal("entry1", seen.GetProperty("root_attrs").GetProperty("default").GetString());
        Assert.Equal("NXentry", seen.GetProperty("entry_class").GetString());
        Assert.Equal("utf-8", seen.GetProperty("title")[0].GetString());
        Assert.Equal("Fe L-edge stack – Ω sample", seen.GetProperty("title")[1].GetString());
        Assert.Equal("[[1],\"NXstxm\",\"bytes_\"]", seen.GetProperty("definition").GetRawText());
        Assert.Equal("sample image stack", seen.GetProperty("scan_type").GetString());
        Assert.Equal("[\"str\",\"data\"]", seen.GetProperty("signal").GetRawText());
        Assert.Equal(["energy", "sample_y", "sample_x"], seen.GetProperty("axes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0, 1, 2], seen.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()));
        var data = seen.GetProperty("data");
        Assert.Equal("float32", data[0].GetString());
        Assert.Equal([NE, NY, NX], data[1].EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, NY, NX], data[2].EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("gzip", data[3].GetString());
        Assert.Equal(6, data[4].GetInt32());
        Assert.True(data[5].GetBoolean());
        Assert.Equal(stack, data[6].EnumerateArray().Select(e => (float)e.GetDouble()));
        Assert.Equal("[\"int32\",1]", seen.GetProperty("data_signal").GetRawText());
        Assert.Equal($"[[{NE * NY * NX}],1]", seen.GetProperty("detector").GetRawText()); // default storage: whole 1-D array, gzip 1
        Assert.Equal("[[],0.0,\"degree\"]", seen.GetProperty("rotation").GetRawText());
        Assert.Equal("[\"/entry1/instrument/monochromator/energy\",[700.0,700.0,700.0]]", seen.GetProperty("link").GetRawText());
        Assert.Equal("eV", seen.GetProperty("energy_units").GetString());
        Assert.Equal([NE, NY, NX], seen.GetProperty("control").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void The_written_nxstxm_file_passes_the_strict_validator_with_the_mantis_profile()
    {
        var path = _dir.File("valid.nxs");
        NexusFileWriter.Write(StackTree(StackValues()), path);
        // Exit status 0 means no errors and, with --strict, no warnings; Python.Run throws otherwise.
        var report = Python.Run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            RepositoryPaths.Nexus("validate_nxdl.py"), path, "--strict", "--profile", "mantis");
        Assert.DoesNotContain("WARNING", report);
        Assert.DoesNotContain("ERROR", report);
    }

    [Fact]
    public void A_failed_write_leaves_neither_the_final_file_nor_a_temporary_one()
    {
        var path = _dir.File("broken.nxs");
        var root = new NexusGroup("root", "NXroot");
        root.AddGroup("entry", "NXentry").AddField("matrix", NexusArray.Scalar(1.0))
            .Attributes.Set("bad", new NexusArray(new double[4], 2, 2));
        var error = Assert.Throws<ArgumentException>(() => NexusFileWriter.Write(root, path));
        Assert.Equal("attribute '/entry/matrix@bad' has rank 2; attributes are scalars or 1-D", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void Rewriting_replaces_the_previous_file_whole()
    {
        var path = _dir.File("again.nxs");
        var first = new NexusGroup("root", "NXroot");
        first.AddGroup("old", "NXentry");
        NexusFileWriter.Write(first, path);
        var second = new NexusGroup("root", "NXroot");
        second.AddGroup("new", "NXentry").AddField("n", NexusArray.Scalar(42L));
        NexusFileWriter.Write(second, path);

        using var file = H5File.OpenRead(path);
        Assert.Equal([new H5Member("new", H5MemberKind.Group)], file.Root.Members());
        using var n = file.Root.OpenDataset("new/n");
        Assert.Equal([42L], n.Read<long>());
        Assert.Equal(new H5DataType(H5TypeClass.Integer, 8, true, false), n.DataType);
        Assert.Single(Directory.GetFileSystemEntries(_dir.Path));
    }
}
