using Cluster.TestSupport;

namespace Cluster.Formats.Tests.Zarr;

/// <summary>
/// Zarr v3 arrays laid out by an independent writer: numpy makes the data and the chunk bytes (C order, the stated
/// byte order, partial edge chunks padded to the full chunk shape as the spec requires), python's gzip module or the
/// zstd command compresses them, chunks holding only the fill value are left out (zarr-python's default). Each
/// array's full contents are saved beside it as an .npy file, the value the reader must reproduce.
/// </summary>
public sealed class PythonWrittenZarr : IDisposable
{
    private readonly TempDirectory _directory = new();

    public PythonWrittenZarr()
    {
        Python.Run("""
            import gzip, json, os, subprocess, sys
            import numpy as np
            root = sys.argv[1]
            rng = np.random.default_rng(7)

            def write(name, data, chunks, endian, compressor, fill, fill_json=None):
                path = os.path.join(root, name)
                os.makedirs(path, exist_ok=True)
                codecs = [{"name": "bytes", "configuration": {"endian": endian}}]
                if compressor == "zstd":
                    codecs.append({"name": "zstd", "configuration": {"level": 0, "checksum": False}})
                elif compressor == "gzip":
                    codecs.append({"name": "gzip", "configuration": {"level": 5}})
                meta = {"zarr_format": 3, "node_type": "array", "shape": list(data.shape),
                        "data_type": data.dtype.name,
                        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(chunks)}},
                        "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
                        "fill_value": fill if fill_json is None else fill_json, "codecs": codecs, "attributes": {}, "storage_transformers": []}
                with open(os.path.join(path, "zarr.json"), "w") as f:
                    json.dump(meta, f)
                grid = [-(-n // c) for n, c in zip(data.shape, chunks)]
                for index in np.ndindex(*grid):
                    block = np.full(chunks, fill, dtype=data.dtype)
                    sel = tuple(slice(i * c, min((i + 1) * c, n)) for i, c, n in zip(index, chunks, data.shape))
                    part = data[sel]
                    block[tuple(slice(0, s) for s in part.shape)] = part
                    if np.array_equal(part, np.full(part.shape, fill, data.dtype), equal_nan=data.dtype.kind == "f"):
                        continue
                    raw = block.astype(block.dtype.newbyteorder("<" if endian == "little" else ">")).tobytes(order="C")
                    if compressor == "zstd":
                        raw = subprocess.run(["zstd", "-q", "-c", "-3"], input=raw, check=True, capture_output=True).stdout
                    elif compressor == "gzip":
                        raw = gzip.compress(raw, 5)
                    key = os.path.join(path, "c", *map(str, index))
                    os.makedirs(os.path.dirname(key), exist_ok=True)
                    with open(key, "wb") as f:
                        f.write(raw)
                np.save(os.path.join(root, name + ".npy"), data)

            # Big-endian int16, gzip, 5 x 7 in 2 x 3 chunks (edge chunks partial), fill 7, a whole chunk of fill.
            a = rng.integers(-30000, 30000, (5, 7)).astype(np.int16)
            a[0:2, 3:6] = 7
            write("be_int16_gzip", a, (2, 3), "big", "gzip", 7)
            # Little-endian float64, zstd, 3-D 4 x 5 x 6 in 3 x 2 x 4 chunks, fill NaN for the missing block.
            b = rng.standard_normal((4, 5, 6))
            b[3:, 4:, 4:] = np.nan
            write("le_float64_zstd", b, (3, 2, 4), "little", "zstd", np.nan, "NaN")
            # Uncompressed uint8 with a nonzero fill value and a missing chunk.
            c = rng.integers(0, 255, (6, 4)).astype(np.uint8)
            c[4:, :] = 200
            write("uint8_raw", c, (2, 4), "little", None, 200)
            # Big-endian float32 image stack, zstd, one frame per chunk, 3 frames of 4 x 3.
            d = rng.standard_normal((3, 4, 3)).astype(np.float32)
            write("be_float32_stack", d, (1, 4, 3), "big", "zstd", 0.0)
            """, _directory.Path);
        Store = new Cluster.Formats.Zarr.DirectoryZarrStore(_directory.Path);
    }

    public Cluster.Formats.Zarr.DirectoryZarrStore Store { get; }

    public string Root => _directory.Path;

    public NpyArray Expected(string name) => Npy.Read(Path.Combine(_directory.Path, name + ".npy"));

    public void Dispose() => _directory.Dispose();
}
