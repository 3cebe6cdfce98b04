using System.IO.Compression;
using System.Text;
using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

/// <summary>Bad files give an exception that names the source and says what is wrong.</summary>
public sealed class MalformedInputTests
{
    /// <summary>np.save of arange(12.).reshape(3, 4): a 128-byte header and 96 bytes of data.</summary>
    private static byte[] ValidNpy()
    {
        using var buffer = new MemoryStream();
        Npy.Write(buffer, NpyArray.Create(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), 3, 4));
        return buffer.ToArray();
    }

    private static InvalidNpyException ReadFails(byte[] bytes, string sourceName = "bad.npy") =>
        Assert.Throws<InvalidNpyException>(() => Npy.Read(new MemoryStream(bytes), sourceName));

    /// <summary>Writes a header dict as numpy would (version 1.0, 64-byte aligned), with no data after it.</summary>
    private static byte[] NpyWithHeader(string dict, byte major = 1)
    {
        var prefixLength = major == 1 ? 10 : 12;
        var padded = dict.PadRight(dict.Length + 64 - (prefixLength + dict.Length + 1) % 64) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([major, 0]);
        bytes.AddRange(major == 1 ? BitConverter.GetBytes((ushort)padded.Length) : BitConverter.GetBytes((uint)padded.Length));
        bytes.AddRange(Encoding.ASCII.GetBytes(padded));
        return bytes.ToArray();
    }

    [Fact]
    public void BadMagic()
    {
        var bytes = ValidNpy();
        "NOTNPY"u8.CopyTo(bytes);
        var error = ReadFails(bytes, "/data/run1/power.npy");
        Assert.Equal("/data/run1/power.npy", error.SourceName);
        Assert.Contains("/data/run1/power.npy: not an .npy array", error.Message);
        Assert.Contains("magic", error.Message);
    }

    [Fact]
    public void EmptyFile()
    {
        var error = ReadFails([]);
        Assert.Contains("bad.npy: truncated", error.Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        var error = ReadFails(ValidNpy()[..40]);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void TruncatedDataInASeekableFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("cut.npy");
        File.WriteAllBytes(path, ValidNpy()[..^5]);
        var error = Assert.Throws<InvalidNpyException>(() => Npy.Read(path));
        Assert.Equal(path, error.SourceName);
        Assert.Contains("data truncated: Float64 (3, 4) needs 96 bytes, the stream has 91", error.Message);
    }

    [Fact]
    public void TruncatedDataInANonSeekableStream()
    {
        var error = Assert.Throws<InvalidNpyException>(
            () => Npy.Read(new NonSeekableStream(ValidNpy()[..^5]), "pipe"));
        Assert.Contains("pipe: data truncated: Float64 (3, 4) needs 96 bytes, the stream has 91", error.Message);
    }

    [Fact]
    public void FortranOrderIsRefused()
    {
        using var temp = new TempDirectory();
        var path = temp.File("fortran.npy");
        Python.Run("import sys, numpy as np; np.save(sys.argv[1], np.asfortranarray(np.arange(6.0).reshape(2, 3)))", path);
        var error = Assert.Throws<InvalidNpyException>(() => Npy.Read(path));
        Assert.Contains($"{path}: fortran_order is True", error.Message);
    }

    [Theory]
    [InlineData("np.array(['ab', 'c'])", "'<U2'")]
    [InlineData("np.array([1.5], dtype=np.float16)", "'<f2'")]
    [InlineData("np.zeros(2, dtype=[('x', '<f8'), ('y', '<i4')])", "structured")]
    [InlineData("np.array(['2026-11-21'], dtype='datetime64[D]')", "'<M8[D]'")]
    public void UnsupportedDtypesAreNamed(string numpyExpression, string expectedInMessage)
    {
        using var temp = new TempDirectory();
        var path = temp.File("odd.npy");
        Python.Run($"import sys, numpy as np; np.save(sys.argv[1], {numpyExpression})", path);
        var error = Assert.Throws<InvalidNpyException>(() => Npy.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expectedInMessage, error.Message);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'shape': (2,), }", "exactly the keys")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1, }", "exactly the keys")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': [2], }", "shape must be a tuple")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", "negative dimension")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", "fortran_order must be True or False")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", "malformed header")]
    [InlineData("{'descr': <f8, 'fortran_order': False, 'shape': (2,), }", "malformed header")]
    [InlineData("__import__('os').system('true')", "malformed header")]
    public void MalformedHeaderDicts(string dict, string expectedInMessage)
    {
        var error = ReadFails(NpyWithHeader(dict));
        Assert.StartsWith("bad.npy: ", error.Message);
        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void UnknownVersion()
    {
        var bytes = NpyWithHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }");
        bytes[6] = 4;
        Assert.Contains("unsupported .npy format version 4.0", ReadFails(bytes).Message);
    }

    [Fact]
    public void BoolBytesOtherThanZeroOrOne()
    {
        var bytes = NpyWithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }").Concat(new byte[] { 1, 0, 7 }).ToArray();
        Assert.Contains("bool element 2 has byte value 7", ReadFails(bytes).Message);
    }

    [Fact]
    public void Python2LongIntegersInTheShapeAreAccepted()
    {
        var bytes = NpyWithHeader("{'descr': '<i2', 'fortran_order': False, 'shape': (2L, 1L), }").Concat(new byte[] { 1, 0, 0, 1 }).ToArray();
        var array = Npy.Read(new MemoryStream(bytes), "py2.npy");
        Assert.Equal([2L, 1L], array.Shape);
        Assert.Equal(new short[] { 1, 256 }, array.As<short>());
    }

    [Fact]
    public void ShapeAndLengthMismatch()
    {
        var error = Assert.Throws<ArgumentException>(() => NpyArray.Create(new double[5], 2, 3));
        Assert.Contains("shape (2, 3) holds 6 elements but the data has 5", error.Message);

        var scalar = Assert.Throws<ArgumentException>(() => NpyArray.Create(new double[5]));
        Assert.Contains("0-d scalar", scalar.Message);

        using var npz = new NpzWriter(new MemoryStream(), compress: false);
        var add = Assert.Throws<ArgumentException>(() => npz.AddFloat64("x", new float[5], 2, 2));
        Assert.Contains("shape (2, 2) holds 4 elements but 5 values were given", add.Message);
    }

    [Fact]
    public void WrongElementTypeNamesBothTypes()
    {
        var array = NpyArray.Create(new ushort[] { 1, 2 }, 2);
        var error = Assert.Throws<InvalidOperationException>(() => array.As<short>());
        Assert.Contains("UInt16", error.Message);
        Assert.Contains("Int16[]", error.Message);
        Assert.Equal(new ushort[] { 1, 2 }, array.As<ushort>());
    }

    [Fact]
    public void UnsupportedElementTypeIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => NpyArray.Create(new decimal[1]));
        Assert.Contains("Decimal has no numpy dtype", error.Message);
    }

    [Fact]
    public void NpzThatIsNotAZip()
    {
        using var temp = new TempDirectory();
        var path = temp.File("notzip.npz");
        File.WriteAllBytes(path, ValidNpy());
        var error = Assert.Throws<InvalidNpzException>(() => Npz.Read(path));
        Assert.Equal(path, error.Path);
        Assert.Contains("not a readable zip archive", error.Message);
    }

    [Fact]
    public void NpzErrorsNameFileAndEntry()
    {
        using var temp = new TempDirectory();
        var path = temp.File("cut.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var good = zip.CreateEntry("good.npy").Open()) good.Write(ValidNpy());
            using (var cut = zip.CreateEntry("power.npy", CompressionLevel.Optimal).Open()) cut.Write(ValidNpy()[..^8]);
        }
        var error = Assert.Throws<InvalidNpyException>(() => Npz.Read(path));
        Assert.Equal($"{path}:power.npy", error.SourceName);
        Assert.Contains("data truncated", error.Message);
    }

    [Fact]
    public void NpzWithANonArrayEntry()
    {
        using var temp = new TempDirectory();
        var path = temp.File("extra.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var notes = zip.CreateEntry("notes.txt").Open())
            notes.Write("hello"u8);
        var error = Assert.Throws<InvalidNpzException>(() => Npz.Read(path));
        Assert.Contains($"{path}: entry 'notes.txt' is not an .npy array", error.Message);
    }

    [Fact]
    public void NpzWriterRefusesDuplicateNames()
    {
        using var npz = new NpzWriter(new MemoryStream(), compress: true);
        npz.Add("power", NpyArray.Create(new[] { 1.0 }, 1));
        var error = Assert.Throws<ArgumentException>(() => npz.Add("power", NpyArray.Create(new[] { 2.0 }, 1)));
        Assert.Contains("already has an array named 'power'", error.Message);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
