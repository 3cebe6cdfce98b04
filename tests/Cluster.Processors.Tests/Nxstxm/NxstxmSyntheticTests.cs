using System.Globalization;
using Cluster.Nexus.Stxm;
using Cluster.Processors.Nxstxm;
using Cluster.TestSupport;

namespace Cluster.Processors.Tests.Nxstxm;

public class NxstxmSyntheticTests
{
    private static readonly double[] Energies = [700.0, 702.5, 705.0];

    [Fact]
    public void Stack_with_two_polarizations_round_trips_through_h5py_with_the_requested_compression_and_source()
    {
        using var dir = new TempDirectory();
        var input = dir.File("stack.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, Energies, 5, 4, [-1.0, 1.0]);
        var output = Path.Combine(dir.Path, "out");

        var result = NxstxmRuns.Convert(input, output, new NxstxmParameters { Compression = 6, SourceName = "Test Light Source STXM" });

        Assert.Equal(["stack.hdf5", "stack.png"], NxstxmRuns.Files(output));
        Assert.Contains(result.Notes, n => n.Contains("entry0 sample image stack (3 x 4 x 5)") && n.Contains("entry1"));
        var read = Python.Run("""
            import sys, h5py, numpy as np
            f = h5py.File(sys.argv[1], 'r')
            for e in ('entry0', 'entry1'):
                d = f[e + '/counter0/data']
                print(e, d.shape, ' '.join(repr(float(v)) for v in d[()].ravel()))
                print(e, 'energy', ' '.join(repr(float(v)) for v in f[e + '/counter0/energy'][()]))
                print(e, 'polarization', repr(float(f[e + '/instrument/epu/polarization'][()])))
            print('source', f['entry0/instrument/source/name'].asstr()[()])
            """, Path.Combine(output, "stack.hdf5"));
        var lines = read.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var p = 0; p < 2; p++)
        {
            var expected = new List<string>();
            for (var e = 0; e < 3; e++)
                for (var j = 0; j < 4; j++)
                    for (var i = 0; i < 5; i++)
                        expected.Add(SyntheticStxmScan.Counts(e, p, j, i).ToString("0.0", CultureInfo.InvariantCulture));
            Assert.Equal($"entry{p} (3, 4, 5) {string.Join(' ', expected)}", lines[3 * p]);
            Assert.Equal($"entry{p} energy 700.0 702.5 705.0", lines[3 * p + 1]);
            Assert.Equal($"entry{p} polarization {(p == 0 ? "-1.0" : "1.0")}", lines[3 * p + 2]);
        }
        Assert.Equal("source Test Light Source STXM", lines[6]);
    }

    [Fact]
    public void Large_arrays_are_chunked_per_frame_with_shuffle_and_the_gzip_level_given()
    {
        using var dir = new TempDirectory();
        var input = dir.File("big.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, Energies, 64, 64, [0.0]);
        foreach (var level in new[] { 0, 1, 9 })
        {
            var output = Path.Combine(dir.Path, $"level{level}");
            NxstxmRuns.Convert(input, output, new NxstxmParameters { Compression = level, QuickLook = false });
            Assert.Equal(["big.hdf5"], NxstxmRuns.Files(output));
            var read = Python.Run("""
                import sys, h5py
                d = h5py.File(sys.argv[1], 'r')['entry0/counter0/data']
                print(d.chunks, d.shuffle, d.compression, d.compression_opts)
                """, Path.Combine(output, "big.hdf5"));
            Assert.Equal(level == 0 ? "(1, 64, 64) False None None" : $"(1, 64, 64) True gzip {level}", read.Trim());
        }
    }

    [Fact]
    public void Quick_look_of_a_stack_is_a_heatmap_of_the_middle_energy()
    {
        using var dir = new TempDirectory();
        var input = dir.File("stack.jsonl");
        SyntheticStxmScan.WriteJsonLines(input, [700.0, 701, 702, 703, 704], 64, 64, [0.0]);
        NxstxmRuns.Convert(input, dir.Path);
        // The disc of the synthetic pattern shows as a region of the plot that differs from its surroundings:
        // many distinct colours in the plot area (a colourmapped image), and the centre unlike the corner.
        var read = Python.Run("""
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]).convert('RGB')
            w, h = im.size
            crop = im.crop((int(w * 0.2), int(h * 0.2), int(w * 0.6), int(h * 0.8)))
            print(len(set(crop.getdata())) > 3, im.getpixel((int(w * 0.15), int(h * 0.85))) != im.getpixel((int(w * 0.3), int(h * 0.5))))
            """, dir.File("stack.png"));
        Assert.Equal("True True", read.Trim());
    }
}
