using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Formats.Zarr;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests.Zarr;

public sealed class ZarrReaderTests(PythonWrittenZarr written) : IClassFixture<PythonWrittenZarr>
{
    private const string FixtureArray = "runs/5eed0000000000000000000000000003/detector_image";

    private static DirectoryZarrStore FixtureStore() => new(RepositoryPaths.Fixture("Resonance", "beamtime_example.zarr"));

    [Fact]
    public void Fixture_array_metadata_is_read_from_zarr_json()
    {
        var array = ZarrArray.Open(FixtureStore(), FixtureArray);
        Assert.Equal([3L, 3, 5], array.Shape);
        Assert.Equal([1, 3, 5], array.ChunkShape);
        Assert.Equal("int32", array.DataType.Name);
        Assert.Equal(["zstd"], array.Compressors);
        Assert.Equal(FixtureArray + "/c/1/0/0", array.ChunkKey(1, 0, 0));
    }

    [Fact]
    public void Fixture_frames_equal_expected_json_and_the_missing_chunk_reads_as_the_fill_value()
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Fixture("Resonance", "expected.json")));
        var frames = expected.RootElement.GetProperty("run_B").GetProperty("frames");
        var array = ZarrArray.Open(FixtureStore(), FixtureArray);
        Assert.False(File.Exists(Path.Combine(FixtureStore().Root, FixtureArray, "c", "0", "0", "0")));
        var all = array.Read([0, 0, 0], [3, 3, 5]).As<int>();
        var flat = frames.EnumerateArray().SelectMany(f => f.EnumerateArray()).SelectMany(r => r.EnumerateArray()).Select(v => v.GetInt32()).ToArray();
        Assert.Equal(flat, all);
        Assert.All(all[..15], v => Assert.Equal(0, v));
        Assert.Equal(214, all[^1]);
    }

    [Fact]
    public void A_frame_decodes_into_the_callers_buffer()
    {
        var array = ZarrArray.Open(FixtureStore(), FixtureArray);
        var frame = new int[15];
        array.Read<int>([2, 0, 0], [1, 3, 5], frame);
        Assert.Equal(Enumerable.Range(200, 15), frame);
    }

    [Theory]
    [InlineData("be_int16_gzip")]
    [InlineData("le_float64_zstd")]
    [InlineData("uint8_raw")]
    [InlineData("be_float32_stack")]
    public void Arrays_written_by_numpy_read_back_whole(string name)
    {
        var expected = written.Expected(name);
        var array = ZarrArray.Open(written.Store, name);
        Assert.Equal(expected.Shape, array.Shape);
        var read = array.Read(new long[array.Rank], expected.Shape);
        Assert.Equal(expected.Dtype, read.Dtype);
        Assert.Equal(Bytes(expected.Data), Bytes(read.Data));
    }

    [Fact]
    public void Regions_crossing_partial_edge_chunks_and_missing_chunks_match_numpy_slices()
    {
        var expected = written.Expected("be_int16_gzip").As<short>();
        var array = ZarrArray.Open(written.Store, "be_int16_gzip");
        // Rows 1..4, columns 2..6 of the 5 x 7 array: crosses the missing chunk (0,1) and the partial edge chunks.
        var region = array.Read([1, 2], [4, 5]).As<short>();
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 5; c++)
                Assert.Equal(expected[(1 + r) * 7 + 2 + c], region[r * 5 + c]);
        Assert.False(File.Exists(ZarrTestWriter.ChunkPath(written.Root, "be_int16_gzip", 0, 1)));
        Assert.Equal((short)7, region[0 * 5 + 1]);
    }

    [Fact]
    public void A_missing_float_chunk_reads_as_nan_and_a_missing_uint8_chunk_as_its_fill_value()
    {
        var floats = ZarrArray.Open(written.Store, "le_float64_zstd");
        Assert.False(File.Exists(ZarrTestWriter.ChunkPath(written.Root, "le_float64_zstd", 1, 2, 1)));
        var corner = floats.Read([3, 4, 4], [1, 1, 2]).As<double>();
        Assert.All(corner, v => Assert.True(double.IsNaN(v)));

        var bytes = ZarrArray.Open(written.Store, "uint8_raw");
        Assert.False(File.Exists(ZarrTestWriter.ChunkPath(written.Root, "uint8_raw", 2, 0)));
        Assert.All(bytes.Read([4, 0], [2, 4]).As<byte>(), v => Assert.Equal((byte)200, v));
    }

    [Fact]
    public void Zstd_chunks_written_through_libzstd_read_back_including_big_endian()
    {
        using var store = new TempDirectory();
        var data = Enumerable.Range(0, 2 * 6 * 4).Select(i => i * 1_000_003 - 7).ToArray();
        ZarrTestWriter.WriteArrayMetadata(store.Path, "a", [2, 6, 4], [1, 6, 4], "int32", 0, ZarrTestWriter.BytesThen("big", "zstd"));
        for (var f = 0; f < 2; f++)
        {
            var frame = data.AsSpan(f * 24, 24).ToArray();
            var bigEndian = frame.Select(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness).ToArray();
            ZarrTestWriter.WriteChunk(store.Path, "a", [f, 0, 0], Zstd.Compress(MemoryMarshal.AsBytes(bigEndian.AsSpan())));
        }
        Assert.Equal(data, ZarrArray.Open(new DirectoryZarrStore(store.Path), "a").Read([0, 0, 0], [2, 6, 4]).As<int>());
    }

    [Fact]
    public void An_unknown_codec_is_refused_naming_the_array_and_the_codec()
    {
        using var store = new TempDirectory();
        var codecs = ZarrTestWriter.BytesThen("little");
        codecs.Add(new JsonObject { ["name"] = "blosc", ["configuration"] = new JsonObject { ["cname"] = "lz4" } });
        ZarrTestWriter.WriteArrayMetadata(store.Path, "runs/x/image", [2, 2], [1, 2], "int32", 0, codecs);
        var error = Assert.Throws<UnsupportedZarrCodecException>(() => ZarrArray.Open(new DirectoryZarrStore(store.Path), "runs/x/image"));
        Assert.Equal("blosc", error.Codec);
        Assert.Contains("runs/x/image", error.Message);
        Assert.Contains("'blosc'", error.Message);
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public void A_corrupt_chunk_names_the_array_the_chunk_and_the_codec(string codec)
    {
        using var store = new TempDirectory();
        ZarrTestWriter.WriteArrayMetadata(store.Path, "img", [2, 8], [1, 8], "int32", 0, ZarrTestWriter.BytesThen("little", codec));
        var good = new byte[32];
        new Random(5).NextBytes(good);
        var encoded = codec == "zstd" ? Zstd.Compress(good) : Gzip(good);
        // Cut short, as a writer killed mid-chunk leaves it.
        encoded = encoded[..(encoded.Length / 2)];
        ZarrTestWriter.WriteChunk(store.Path, "img", [1, 0], encoded);
        var array = ZarrArray.Open(new DirectoryZarrStore(store.Path), "img");
        Assert.Equal(new int[8], array.Read([0, 0], [1, 8]).As<int>()); // chunk 0 is not stored
        var error = Assert.Throws<ZarrFormatException>(() => array.Read([1, 0], [1, 8]));
        Assert.Contains("zarr array img", error.Message);
        Assert.Contains("chunk img/c/1/0", error.Message);
        Assert.Contains(codec + ":", error.Message);
    }

    [Fact]
    public void An_uncompressed_chunk_of_the_wrong_size_is_corrupt()
    {
        using var store = new TempDirectory();
        ZarrTestWriter.WriteArrayMetadata(store.Path, "img", [1, 4], [1, 4], "uint16", 0, ZarrTestWriter.BytesThen("little"));
        ZarrTestWriter.WriteChunk(store.Path, "img", [0, 0], new byte[7]);
        var error = Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(new DirectoryZarrStore(store.Path), "img").Read([0, 0], [1, 4]));
        Assert.Contains("chunk img/c/0/0 is corrupt: bytes: 7 bytes stored, the chunk holds 8", error.Message);
    }

    [Fact]
    public void Unsupported_metadata_is_refused_with_the_field()
    {
        using var store = new TempDirectory();
        ZarrTestWriter.WriteArrayMetadata(store.Path, "c", [2], [2], "complex64", 0, ZarrTestWriter.BytesThen("little"));
        ZarrTestWriter.WriteGroup(store.Path, "g");
        var zarr = new DirectoryZarrStore(store.Path);
        Assert.Contains("data_type 'complex64' is not supported", Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(zarr, "c")).Message);
        Assert.Contains("zarr array g: is a group, not an array", Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(zarr, "g")).Message);
        Assert.Contains("no zarr.json", Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(zarr, "missing")).Message);
        Assert.Throws<ZarrFormatException>(() => ZarrArray.Open(zarr, "../outside"));
        Assert.Equal("g", ZarrGroup.Open(zarr, "g").Path);
        Assert.Contains("is a array, not a group", Assert.Throws<ZarrFormatException>(() => ZarrGroup.Open(zarr, "c")).Message);
    }

    [Fact]
    public void Reading_with_the_wrong_element_type_or_outside_the_shape_is_an_argument_error()
    {
        var array = ZarrArray.Open(FixtureStore(), FixtureArray);
        Assert.Throws<ArgumentException>(() => array.Read<float>([0, 0, 0], [1, 3, 5], new float[15]));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Read([3, 0, 0], [1, 3, 5]));
        Assert.Throws<ArgumentException>(() => array.Read<int>([0, 0, 0], [1, 3, 5], new int[14]));
    }

    private static byte[] Bytes(Array data)
    {
        var size = System.Runtime.InteropServices.Marshal.SizeOf(data.GetType().GetElementType()!);
        var bytes = new byte[data.Length * size];
        Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return output.ToArray();
    }
}
