using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class GroupAndForeignFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Groups_and_soft_links_resolve_in_h5py_and_are_listed_here()
    {
        var path = _dir.File("links.h5");
        using (var file = H5File.Create(path))
        {
            using var entry = file.Root.CreateGroup("entry");
            using var detector = entry.CreateGroup("instrument");
            using (var data = detector.CreateDataset("data", H5ElementType.Int32, [3])) data.Write<int>([7, 8, 9]);
            using var plot = entry.CreateGroup("plot");
            plot.CreateSoftLink("data", "/entry/instrument/data");
            plot.CreateSoftLink("dangling", "/entry/nowhere");
        }

        var seen = H5py.Json("""
            f = h5py.File(sys.argv[1], 'r')
            print(json.dumps({'values': f['entry/plot/data'][()].tolist(),
                              'link': f['entry/plot'].get('data', getlink=True).path,
                              'same': f['entry/plot/data'] == f['entry/instrument/data']}))
            """, path);
        Assert.Equal([7, 8, 9], seen.GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("/entry/instrument/data", seen.GetProperty("link").GetString());
        Assert.True(seen.GetProperty("same").GetBoolean());

        using var reread = H5File.OpenRead(path);
        Assert.Equal(
            [new H5Member("instrument", H5MemberKind.Group), new H5Member("plot", H5MemberKind.Group)],
            reread.Root.OpenGroup("entry").Members());
        using var plotGroup = reread.Root.OpenGroup("/entry/plot");
        Assert.Equal(
            [new H5Member("dangling", H5MemberKind.SoftLink, "/entry/nowhere"), new H5Member("data", H5MemberKind.SoftLink, "/entry/instrument/data")],
            plotGroup.Members());
        using (var viaLink = plotGroup.OpenDataset("data"))
        {
            Assert.Equal([7, 8, 9], viaLink.Read<int>());
            Assert.Equal("/entry/plot/data", viaLink.Path);
        }
        Assert.True(reread.Root.Exists("entry/instrument/data"));
        Assert.True(reread.Root.Exists("/entry/plot/dangling"));
        Assert.True(plotGroup.Exists("data"));
        Assert.False(reread.Root.Exists("entry/missing/data"));
        Assert.False(reread.Root.Exists("entry/instrument/data/below_a_dataset"));
        Assert.False(reread.Root.Exists("entry/plot/dangling/x"));
    }

    [Fact]
    public void A_file_written_by_h5py_reads_here_with_conversion_and_both_string_kinds()
    {
        var path = _dir.File("from_h5py.h5");
        H5py.Run("""
            with h5py.File(sys.argv[1], 'w') as f:
                ees = f.create_group('entry/ees')
                ees.attrs['NX_class'] = 'NXdata'
                ees.create_dataset('flux', data=np.arange(-6, 6, dtype=np.int16).reshape(3, 4), chunks=(1, 4), compression='gzip', shuffle=True)
                ees.create_dataset('counts', data=np.array([0, 128, 255], dtype=np.uint8))
                ees.create_dataset('time', data=np.linspace(0, 1, 5, dtype=np.float32))
                ees.create_dataset('label', data='Ωmega run')
                ees.create_dataset('channels', data=np.array([b'left', b'right']))
                ees.create_dataset('vlen_list', data=['a', 'bé'], dtype=h5py.string_dtype())
                ees.create_dataset('bytes_scalar', data=np.bytes_('padded'))
                ees['alias'] = h5py.SoftLink('/entry/ees/flux')
                ees.attrs['units'] = 'photons/s'
                ees.attrs['gain'] = np.int16(-3)
                ees.attrs['edges'] = np.array([1.5, 2.5])
                ees.attrs['labels'] = [b'x', b'yy']
            """, path);

        using var file = H5File.OpenRead(path);
        using var ees = file.Root.OpenGroup("entry/ees");
        Assert.Equal(
            [
                new H5Member("alias", H5MemberKind.SoftLink, "/entry/ees/flux"),
                new H5Member("bytes_scalar", H5MemberKind.Dataset),
                new H5Member("channels", H5MemberKind.Dataset),
                new H5Member("counts", H5MemberKind.Dataset),
                new H5Member("flux", H5MemberKind.Dataset),
                new H5Member("label", H5MemberKind.Dataset),
                new H5Member("time", H5MemberKind.Dataset),
                new H5Member("vlen_list", H5MemberKind.Dataset),
            ],
            ees.Members());
        using (var flux = ees.OpenDataset("/entry/ees/flux"))
        {
            Assert.Equal([3L, 4], flux.Shape);
            Assert.Equal(new H5DataType(H5TypeClass.Integer, 2, true, false), flux.DataType);
            Assert.Equal(Enumerable.Range(-6, 12).Select(i => (double)i), flux.Read<double>());
            Assert.Equal([0.0, 1, 4, 5], flux.ReadSlab<double>([1, 2], [2, 2]));
            Assert.Equal([1L, 4], flux.ChunkShape!);
            Assert.Equal(2, flux.FilterCount);
        }
        using (var counts = ees.OpenDataset("counts")) Assert.Equal([0.0, 128, 255], counts.Read<double>());
        using (var time = ees.OpenDataset("time")) Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], time.Read<double>());
        using (var label = ees.OpenDataset("label")) Assert.Equal(["Ωmega run"], label.ReadStrings());
        using (var channels = ees.OpenDataset("channels")) Assert.Equal(["left", "right"], channels.ReadStrings());
        using (var vlen = ees.OpenDataset("vlen_list")) Assert.Equal(["a", "bé"], vlen.ReadStrings());
        using (var scalar = ees.OpenDataset("bytes_scalar")) Assert.Equal(["padded"], scalar.ReadStrings());
        using (var alias = ees.OpenDataset("alias")) Assert.Equal(-6.0, alias.Read<double>()[0]);
        Assert.Equal("NXdata", ees.Attributes.ReadString("NX_class"));
        Assert.Equal("photons/s", ees.Attributes.ReadString("units"));
        Assert.Equal(-3.0, ees.Attributes.Read<double>("gain"));
        Assert.Equal([1.5, 2.5], ees.Attributes.ReadArray<double>("edges"));
        Assert.Equal(["x", "yy"], ees.Attributes.ReadStrings("labels"));
    }
}
