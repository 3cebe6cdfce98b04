using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Cluster.Formats.Zarr;

namespace Cluster.Bench;

/// <summary>
/// Frames per second decoded from a Zarr v3 store (512 x 512 int32, one frame per chunk, bytes + zstd level 3 as
/// zarr-python writes by default) through <see cref="ZarrArray"/>, against libzstd's own <c>ZSTD_decompress</c> on the
/// same chunk bytes already in memory: the physical limit of this path. The reader is also timed over an in-memory
/// store, which separates file reads (page cache) from the reader's own overhead. Passes alternate; medians.
/// </summary>
internal static class ZarrBenchmark
{
    public static int Run(Options options)
    {
        var frames = options.Int("frames", 200);
        var side = options.Int("side", 512);
        var repeat = options.Int("repeat", 7);
        var level = options.Int("level", 3);
        var root = Directory.CreateTempSubdirectory("cluster-bench-zarr-").FullName;
        try
        {
            var chunks = WriteStore(root, frames, side, level);
            var onDisk = ZarrArray.Open(new DirectoryZarrStore(root), "stack");
            var inMemory = ZarrArray.Open(new MemoryStore(root, chunks), "stack");
            var buffer = new int[side * side];

            double Reader(ZarrArray array)
            {
                var clock = Stopwatch.StartNew();
                for (var f = 0; f < frames; f++) array.Read<int>([f, 0, 0], [1, side, side], buffer);
                return frames / clock.Elapsed.TotalSeconds;
            }
            double Raw()
            {
                var clock = Stopwatch.StartNew();
                for (var f = 0; f < frames; f++) Zstd.Decompress(chunks[$"stack/c/{f}/0/0"], MemoryMarshal.AsBytes(buffer.AsSpan()));
                return frames / clock.Elapsed.TotalSeconds;
            }

            Reader(onDisk); Raw(); Reader(inMemory); // warm-up: JIT, page cache, buffers
            var (disk, raw, memory) = (new List<double>(), new List<double>(), new List<double>());
            for (var r = 0; r < repeat; r++)
            {
                disk.Add(Reader(onDisk));
                raw.Add(Raw());
                memory.Add(Reader(inMemory));
            }
            var compressed = chunks.Values.Sum(c => (long)c.Length);
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                frames,
                side,
                zstd_level = level,
                compression_ratio = (double)frames * side * side * 4 / compressed,
                reader_directory_fps = Statistics.Median(disk),
                reader_memory_fps = Statistics.Median(memory),
                raw_zstd_fps = Statistics.Median(raw),
                reader_directory_vs_raw = Statistics.Median(disk) / Statistics.Median(raw),
                reader_memory_vs_raw = Statistics.Median(memory) / Statistics.Median(raw),
                raw_zstd_mb_per_s = Statistics.Median(raw) * side * side * 4 / 1e6,
            }));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Detector-like frames: a smooth beam profile plus counting noise (values ~0-4000), compressing about 2-3x.</summary>
    private static Dictionary<string, byte[]> WriteStore(string root, int frames, int side, int level)
    {
        var directory = Path.Combine(root, "stack");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(root, "zarr.json"), """{"zarr_format": 3, "node_type": "group", "attributes": {}}""");
        File.WriteAllText(Path.Combine(directory, "zarr.json"), $$$"""
            {"zarr_format": 3, "node_type": "array", "shape": [{{{frames}}}, {{{side}}}, {{{side}}}], "data_type": "int32",
             "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [1, {{{side}}}, {{{side}}}]}},
             "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}}, "fill_value": 0,
             "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": {{{level}}}, "checksum": false}}],
             "attributes": {}, "storage_transformers": []}
            """);
        var random = new Random(1234);
        var frame = new int[side * side];
        var chunks = new Dictionary<string, byte[]>();
        for (var f = 0; f < frames; f++)
        {
            for (var r = 0; r < side; r++)
                for (var c = 0; c < side; c++)
                {
                    var dx = (c - side / 2.0) / (side / 6.0);
                    var dy = (r - side / 2.0) / (side / 8.0);
                    var mean = 3000 * Math.Exp(-(dx * dx + dy * dy) / 2) + 20;
                    frame[r * side + c] = (int)Math.Max(0, mean + Math.Sqrt(mean) * (random.NextDouble() * 2 - 1) * 1.7);
                }
            var encoded = Zstd.Compress(MemoryMarshal.AsBytes(frame.AsSpan()), level);
            var key = $"stack/c/{f}/0/0";
            chunks[key] = encoded;
            var path = Path.Combine(root, key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, encoded);
        }
        return chunks;
    }

    /// <summary>The store's keys held in memory: the reader's cost without file reads.</summary>
    private sealed class MemoryStore(string root, Dictionary<string, byte[]> chunks) : IZarrStore
    {
        private readonly byte[] _metadata = File.ReadAllBytes(Path.Combine(root, "stack", "zarr.json"));

        public string Location => "memory";

        public byte[]? TryRead(string key) => key == "stack/zarr.json" ? _metadata : chunks.GetValueOrDefault(key);
    }
}
