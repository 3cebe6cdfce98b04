using Cluster.Core.Processing;
using Cluster.Processors.CatalogExport;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.CatalogExport;

/// <summary>The HDF5 file and PNG as h5py and PIL read them (NX_class is fixed-length ASCII, as NAPI writes it: bytes in h5py).</summary>
public class CatalogExportFileTests
{
    private const string RunA = "5eed0000000000000000000000000001";
    private const string RunB = "5eed0000000000000000000000000003";
    private static readonly string Db = RepositoryPaths.Fixture("Resonance", "beamtime_example.db");

    private static Task<ProcessorResult> Export(string uid, TempDirectory output) =>
        new CatalogExportProcessor().ProcessAsync(new WorkInput(uid, Db), new CatalogExportParameters(),
            new ProcessorContext(output.Path, output.Path), CancellationToken.None);

    [Fact]
    public async Task Frames_and_table_read_back_with_h5py_equal_the_catalog()
    {
        using var output = new TempDirectory();
        var result = await Export(RunB, output);
        Assert.Equal([$"{RunB}.nxs", $"{RunB}.png"], result.Artifacts.Select(a => a.Name).Order());
        var report = Python.Run("""
            import sys, sqlite3, json, h5py, numpy as np
            from PIL import Image
            nxs, png, db, uid = sys.argv[1:5]
            expected = np.zeros((3, 3, 5), np.int32)
            expected[1] = np.arange(100, 115).reshape(3, 5)
            expected[2] = np.arange(200, 215).reshape(3, 5)
            with h5py.File(nxs, "r") as f:
                e = f["entry"]
                assert f.attrs["default"] == "entry" and e.attrs["NX_class"] == b"NXentry"
                d = e["data"]
                assert d.attrs["NX_class"] == b"NXdata" and d.attrs["signal"] == "detector_image"
                im = d["detector_image"][()]
                assert im.dtype == np.int32 and (im == expected).all(), im
                assert list(d["seq_num"][()]) == [1, 2, 3]
                assert e["sample/name"][()].decode() == "PS"
                c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                rows = c.execute("SELECT e.seq_num, e.time, e.data FROM events e JOIN streams s ON e.stream_uid = s.uid WHERE s.run_uid = ? ORDER BY e.seq_num", (uid,)).fetchall()
                assert list(e["primary/seq_num"][()]) == [r[0] for r in rows]
                assert list(e["primary/time"][()]) == [r[1] for r in rows]
                assert list(e["primary/i"][()]) == [json.loads(r[2])["i"] for r in rows]
            print(Image.open(png).size)
            """, output.File($"{RunB}.nxs"), output.File($"{RunB}.png"), Db, RunB);
        Assert.Equal("(900, 800)", report.Trim());
        Assert.DoesNotContain(Directory.EnumerateFiles(output.Path), f => Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public async Task A_scalar_run_reads_back_with_its_table_as_nxdata()
    {
        using var output = new TempDirectory();
        var result = await Export(RunA, output);
        Assert.Equal([$"{RunA}.nxs"], result.Artifacts.Select(a => a.Name));
        var report = Python.Run("""
            import sys, h5py
            with h5py.File(sys.argv[1], "r") as f:
                d = f["entry/data"]
                print(d.attrs["signal"], list(d["Energy"][()]), list(f["entry/primary/I0"][()]))
            """, output.File($"{RunA}.nxs"));
        Assert.Equal("Energy [280.0, 281.0, 282.0] [1000.0, 1010.0, 1020.0]", report.Trim());
    }
}
