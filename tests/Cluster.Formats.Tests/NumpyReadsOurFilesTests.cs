using System.Text.Json;
using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

/// <summary>Files written here, read back by numpy.load: exact dtype, shape and every value's bits.</summary>
public sealed class NumpyReadsOurFilesTests
{
    private static readonly long[][] Shapes = [[], [7], [3, 4], [2, 3, 5], [0], [2, 0, 3]];

    [Theory]
    [MemberData(nameof(NumpyDescr.All), MemberType = typeof(NumpyDescr))]
    public void NumpyLoadsNpyAndNpzExactly(NpyDtype dtype)
    {
        using var temp = new TempDirectory();
        var arrays = Shapes
            .Select((shape, i) => SampleArrays.ToNpyArray(
                SampleArrays.Create(dtype, (int)shape.Aggregate(1L, (a, b) => a * b), seed: (ulong)(100 + i)), shape))
            .ToArray();
        for (var i = 0; i < arrays.Length; i++)
            Npy.Write(temp.File($"s{i}.npy"), arrays[i]);
        foreach (var (file, compress) in new[] { ("stored.npz", false), ("deflated.npz", true) })
        {
            using var output = File.Create(temp.File(file));
            using var npz = new NpzWriter(output, compress);
            for (var i = 0; i < arrays.Length; i++)
                npz.Add($"s{i}", arrays[i]);
        }

        var json = Python.Run(CanonicalValues.PythonCanon + """
            import io, os, zipfile
            d, n = sys.argv[1], int(sys.argv[2])
            out = {}
            for i in range(n):
                path = os.path.join(d, "s%d.npy" % i)
                a = np.load(path)
                out["npy/s%d" % i] = canon(a)
                buf = io.BytesIO(); np.save(buf, a)
                out["npy/s%d/identical_to_np_save" % i] = buf.getvalue() == open(path, "rb").read()
            for kind in ["stored", "deflated"]:
                path = os.path.join(d, kind + ".npz")
                with zipfile.ZipFile(path) as z:
                    out[kind + "/methods"] = sorted({i.compress_type for i in z.infolist()})
                with np.load(path) as f:
                    out[kind + "/keys"] = sorted(f.files)
                    for k in f.files:
                        out[kind + "/" + k] = canon(f[k])
            print(json.dumps(out))
            """, temp.Path, arrays.Length.ToString());

        var loaded = JsonDocument.Parse(json).RootElement;
        var descr = NumpyDescr.LittleEndian[dtype];
        var keys = Enumerable.Range(0, arrays.Length).Select(i => $"s{i}").ToArray();
        Assert.Equal([8], loaded.GetProperty("deflated/methods").EnumerateArray().Select(m => m.GetInt32()));
        Assert.Equal([0], loaded.GetProperty("stored/methods").EnumerateArray().Select(m => m.GetInt32()));
        for (var i = 0; i < arrays.Length; i++)
        {
            var expected = CanonicalValues.FromArray(arrays[i], descr);
            CanonicalValues.AssertEqual(expected, CanonicalValues.FromJson(loaded.GetProperty($"npy/s{i}")), $"s{i}.npy");
            Assert.True(loaded.GetProperty($"npy/s{i}/identical_to_np_save").GetBoolean(), $"s{i}.npy differs from np.save's bytes");
            foreach (var kind in new[] { "stored", "deflated" })
            {
                Assert.Equal(keys, loaded.GetProperty($"{kind}/keys").EnumerateArray().Select(k => k.GetString()));
                CanonicalValues.AssertEqual(expected, CanonicalValues.FromJson(loaded.GetProperty($"{kind}/s{i}")), $"{kind}.npz:s{i}");
            }
        }
    }

    [Fact]
    public void HeaderTooLongForVersion1IsWrittenAsVersion2()
    {
        // 23000 dimensions make the header longer than the 65535 bytes version 1.0 can describe. numpy arrays
        // cannot have that many dimensions (so np.load refuses), but numpy's header reader parses it.
        var shape = Enumerable.Repeat(1L, 23000).ToArray();
        using var temp = new TempDirectory();
        var path = temp.File("many_dims.npy");
        Npy.Write(path, NpyArray.Create([2.5], shape));

        var result = Python.Run("""
            import sys, numpy as np
            with open(sys.argv[1], "rb") as f:
                version = np.lib.format.read_magic(f)
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f, max_header_size=1 << 20)
                offset = f.tell()
                value = np.fromfile(f, dtype=dtype, count=1)[0]
            print(version, len(shape), set(shape), fortran, dtype.str, offset % 64, repr(value))
            """, path);

        Assert.Equal("(2, 0) 23000 {1} False <f8 0 2.5", result.Trim());
        Assert.Equal([2.5], Npy.Read(path).As<double>());
    }
}
