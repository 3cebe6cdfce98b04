using Cluster.TestSupport;

namespace Cluster.Hdf5.Tests;

public sealed class StorageTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[] Stack(int frames, int ny, int nx) =>
        Enumerable.Range(0, frames * ny * nx).Select(i => (float)Math.Sin(i * 0.001) * 1000 + i % 7).ToArray();

    [Fact]
    public void Chunked_shuffled_gzipped_dataset_is_seen_so_by_h5py_with_exact_values()
    {
        var path = _dir.File("stack.h5");
        var data = Stack(5, 64, 48);
        using (var file = H5File.Create(path))
        using (var dataset = file.Root.CreateDataset("stack", H5ElementType.Float32, [5, 64, 48],
                   new H5DatasetOptions { ChunkShape = [1, 64, 48], Shuffle = true, GzipLevel = 4 }))
        {
            dataset.Write<float>(data);
            Assert.Equal([1L, 64, 48], dataset.ChunkShape!);
            Assert.Equal(2, dataset.FilterCount);
        }

        var seen = H5py.Json("""
            d = h5py.File(sys.argv[1], 'r')['stack']
            print(json.dumps({'compression': d.compression, 'opts': d.compression_opts, 'shuffle': d.shuffle,
                              'chunks': list(d.chunks), 'values': d[()].ravel().tolist()}))
            """, path);
        Assert.Equal("gzip", seen.GetProperty("compression").GetString());
        Assert.Equal(4, seen.GetProperty("opts").GetInt32());
        Assert.True(seen.GetProperty("shuffle").GetBoolean());
        Assert.Equal([1, 64, 48], seen.GetProperty("chunks").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(data, seen.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()));
        Assert.True(new FileInfo(path).Length < data.Length * 4, "gzip should shrink this smooth stack");
    }

    [Fact]
    public void Without_a_chunk_shape_one_frame_per_chunk_is_chosen_capped_at_one_mebibyte()
    {
        using var file = H5File.Create(_dir.File("auto.h5"));
        var compressed = new H5DatasetOptions { Shuffle = true, GzipLevel = 1 };
        using (var small = file.Root.CreateDataset("small", H5ElementType.Float32, [50, 256, 256], compressed))
            Assert.Equal([1L, 256, 256], small.ChunkShape!);
        using (var large = file.Root.CreateDataset("large", H5ElementType.Float32, [3, 2048, 2048], compressed))
            Assert.Equal([1L, 512, 512], large.ChunkShape!); // 1 MiB of float32
        using (var vector = file.Root.CreateDataset("vector", H5ElementType.Float64, [1000], compressed))
            Assert.Equal([1000L], vector.ChunkShape!);
        using (var plain = file.Root.CreateDataset("plain", H5ElementType.Float64, [1000]))
        {
            Assert.Null(plain.ChunkShape!);
            Assert.Equal(0, plain.FilterCount);
        }
    }

    [Fact]
    public void Extendable_dataset_written_frame_by_frame_reads_back_in_h5py()
    {
        var path = _dir.File("grow.h5");
        const int ny = 4, nx = 3;
        using (var file = H5File.Create(path))
        using (var dataset = file.Root.CreateDataset("frames", H5ElementType.Int32, [0, ny, nx],
                   new H5DatasetOptions { MaxShape = [H5Dataset.Unlimited, ny, nx], Shuffle = true, GzipLevel = 1 }))
        {
            for (var frame = 0; frame < 7; frame++)
            {
                dataset.Extend([frame + 1, ny, nx]);
                dataset.WriteSlab<int>([frame, 0, 0], [1, ny, nx], Enumerable.Range(0, ny * nx).Select(i => frame * 100 + i).ToArray());
            }
            Assert.Equal([7L, ny, nx], dataset.Shape);
            Assert.Equal([H5Dataset.Unlimited, ny, nx], dataset.MaxShape);
            Assert.Equal([1L, ny, nx], dataset.ChunkShape!);
        }

        var seen = H5py.Json("""
            d = h5py.File(sys.argv[1], 'r')['frames']
            print(json.dumps({'shape': list(d.shape), 'maxshape': [m if m is not None else -1 for m in d.maxshape],
                              'frame5': d[5].ravel().tolist()}))
            """, path);
        Assert.Equal([7, ny, nx], seen.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([-1, ny, nx], seen.GetProperty("maxshape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(Enumerable.Range(500, ny * nx), seen.GetProperty("frame5").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Hyperslab_writes_fill_their_block_and_leave_the_fill_value_elsewhere()
    {
        var path = _dir.File("slab.h5");
        using (var file = H5File.Create(path))
        using (var dataset = file.Root.CreateDataset("grid", H5ElementType.Float64, [4, 5], new H5DatasetOptions { FillValue = double.NaN, ChunkShape = [2, 5] }))
        {
            dataset.WriteSlab<double>([1, 2], [2, 3], [1, 2, 3, 4, 5, 6]);
            dataset.WriteSlab<double>([0, 0], [1, 1], [-1]);
            Assert.Equal([2.0, 3, 5, 6], dataset.ReadSlab<double>([1, 3], [2, 2]));
        }

        var grid = H5py.Json("print(json.dumps([[None if np.isnan(x) else x for x in row] for row in h5py.File(sys.argv[1], 'r')['grid'][()].tolist()]))", path);
        double?[][] expected =
        [
            [-1, null, null, null, null],
            [null, null, 1, 2, 3],
            [null, null, 4, 5, 6],
            [null, null, null, null, null],
        ];
        Assert.Equal(expected, grid.EnumerateArray().Select(row => row.EnumerateArray().Select(e => e.ValueKind == System.Text.Json.JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray()).ToArray());
    }

    [Fact]
    public void A_slab_outside_the_extent_names_the_dataset()
    {
        using var file = H5File.Create(_dir.File("outside.h5"));
        using var dataset = file.Root.CreateDataset("v", H5ElementType.Float64, [4]);
        var error = Assert.Throws<Hdf5Exception>(() => dataset.WriteSlab<double>([3], [2], [1, 2]));
        Assert.Equal("/v", error.ObjectPath);
        Assert.Contains("'/v' in '", error.Message);
    }
}
