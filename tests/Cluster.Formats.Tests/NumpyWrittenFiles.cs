using System.Text.Json;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

/// <summary>
/// Files written by numpy itself in every supported dtype and variant (np.save, np.savez, np.savez_compressed,
/// big-endian, forced 2.0 and 3.0 headers), with numpy's own canonical dump of each array. Made once per class.
/// </summary>
public sealed class NumpyWrittenFiles : IDisposable
{
    private readonly TempDirectory _directory = new();

    public NumpyWrittenFiles()
    {
        var json = Python.Run(CanonicalValues.PythonCanon + """
            import os
            d = sys.argv[1]
            rng = np.random.default_rng(20261121)
            shapes = {"s0": (), "s1": (7,), "s2": (3, 4), "s3": (2, 3, 5), "empty": (2, 0, 3)}
            names = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                     "float32", "float64", "complex64", "complex128"]

            def sample(dt, shape):
                n = int(np.prod(shape))
                if dt.kind == "b":
                    flat = rng.integers(0, 2, n).astype(bool)
                elif dt.kind in "iu":
                    info = np.iinfo(dt)
                    flat = rng.integers(info.min, info.max, n, dtype=dt, endpoint=True)
                    flat[:3] = [info.min, info.max, 0][:n]
                else:
                    real = np.finfo(dt).dtype
                    def floats():
                        v = rng.standard_normal(n) * 10.0 ** rng.integers(-30, 30, n)
                        v[:7] = [0.0, -0.0, np.nan, np.inf, -np.inf, np.finfo(real).tiny / 4, np.finfo(real).max][:n]
                        return v.astype(real)
                    flat = floats() if dt.kind == "f" else (floats() + 1j * floats()).astype(dt)
                return flat.reshape(shape)

            out = {}
            for name in names:
                dt = np.dtype(name)
                arrays = {k: sample(dt, s) for k, s in shapes.items()}
                for k, a in arrays.items():
                    path = os.path.join(d, "%s_save_%s.npy" % (name, k))
                    np.save(path, a)
                    out[os.path.basename(path)] = canon(a)
                np.savez(os.path.join(d, name + "_savez.npz"), **arrays)
                np.savez_compressed(os.path.join(d, name + "_savez_compressed.npz"), **arrays)
                for k, a in arrays.items():
                    out["%s_savez.npz:%s" % (name, k)] = canon(a)
                    out["%s_savez_compressed.npz:%s" % (name, k)] = canon(a)
                big = arrays["s3"].astype(dt.newbyteorder(">"))
                np.save(os.path.join(d, name + "_bigendian.npy"), big)
                out[name + "_bigendian.npy"] = canon(big)
                for version in [(2, 0), (3, 0)]:
                    fname = "%s_v%d.npy" % (name, version[0])
                    with open(os.path.join(d, fname), "wb") as f:
                        np.lib.format.write_array(f, arrays["s2"], version=version)
                    out[fname] = canon(arrays["s2"])
            print(json.dumps(out))
            """, _directory.Path);
        using var document = JsonDocument.Parse(json);
        Expected = document.RootElement.EnumerateObject()
            .ToDictionary(p => p.Name, p => CanonicalValues.FromJson(p.Value));
    }

    public string Directory => _directory.Path;

    /// <summary>Keyed by file name, or <c>file.npz:key</c> for archive entries.</summary>
    public IReadOnlyDictionary<string, CanonicalValues> Expected { get; }

    public void Dispose() => _directory.Dispose();
}
