using System.Security.Cryptography;
using System.Text;
using Cluster.Core.Artifacts;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;

namespace Cluster.Artifacts.Tests;

public sealed class FileArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;
    private readonly string _outside;

    public FileArtifactStoreTests()
    {
        _root = Directory.CreateDirectory(_temp.File("root")).FullName;
        _outside = Directory.CreateDirectory(_temp.File("outside")).FullName;
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("runs/../../escape.txt")]
    [InlineData("/etc/escape.txt")]
    [InlineData("runs/./x.txt")]
    [InlineData("runs//x.txt")]
    [InlineData("runs\\..\\x.txt")]
    [InlineData("runs/a\0b.txt")]
    public async Task UnsafeKeysAreRefusedAndNothingIsWritten(string key)
    {
        var store = new FileArtifactStore(_root);

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync(key, "x", "x"u8.ToArray(), "text/plain"));

        Assert.Contains("artifact key", failure.Message);
        AssertNoFilesOutsideRoot();
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public async Task OverlongSegmentIsRefusedWithItsLength()
    {
        var store = new FileArtifactStore(_root);
        var name = new string('n', 234);

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync($"runs/r/{name}", "x", new byte[1], "text/plain"));

        Assert.Contains("is 234 bytes, more than 233", failure.Message);
        // 233 is the longest that still leaves room for the atomic writer's temp name.
        var record = await store.PutBytesAsync($"runs/r/{name[..233]}", "x", new byte[1], "text/plain");
        Assert.True(File.Exists(Path.Combine(_root, record.StoreKey)));
    }

    [Fact]
    public async Task ItemKeysWithSlashesDotsAndUnicodeAreEncodedIntoOneSegmentInsideTheRoot()
    {
        var store = new FileArtifactStore(_root);
        var itemKeys = new[] { "../../outside/evil", "/etc/passwd", "a/b/c.dat", "Spektrum Ü µs ✓.dat", "..", "", new string('é', 19) };

        foreach (var itemKey in itemKeys)
        {
            var key = ArtifactKeys.ForItem("r1", itemKey, "out.txt");
            var record = await store.PutBytesAsync(key, "out.txt", Encoding.UTF8.GetBytes(itemKey), "text/plain");
            var segments = record.StoreKey.Split('/');
            Assert.Equal(4, segments.Length);
            Assert.Equal(itemKey, ArtifactKeys.Unsegment(segments[2]));
            Assert.Equal(itemKey, await File.ReadAllTextAsync(Path.Combine(_root, "runs", "r1", segments[2], "out.txt")));
        }

        Assert.Equal(itemKeys.Length, Directory.GetDirectories(Path.Combine(_root, "runs", "r1")).Length);
        AssertNoFilesOutsideRoot();

        // Escaping triples non-ASCII bytes: 40 'é' are 80 bytes of UTF-8 and 240 once escaped, too long for one file name.
        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.PutBytesAsync(ArtifactKeys.ForItem("r1", new string('é', 40), "out.txt"), "out.txt", new byte[1], "text/plain"));
        Assert.Contains("is 240 bytes, more than 233", failure.Message);
        Assert.Equal(itemKeys.Length, Directory.GetDirectories(Path.Combine(_root, "runs", "r1")).Length);
    }

    [Fact]
    public async Task RawUnicodeKeyIsStoredUnderItsOwnName()
    {
        var store = new FileArtifactStore(_root);
        var record = await store.PutBytesAsync("runs/r/Größe µ/✓.txt", "✓.txt", "ok"u8.ToArray(), "text/plain");
        Assert.Equal("ok", await File.ReadAllTextAsync(Path.Combine(_root, "runs", "r", "Größe µ", "✓.txt")));
        Assert.Equal(["runs/r/Größe µ/✓.txt"], (await store.ListAsync("runs/")).Select(o => o.Key));
        Assert.Equal("runs/r/Größe µ/✓.txt", record.StoreKey);
    }

    [Fact]
    public async Task SymlinkInsideTheRootPointingOutsideIsNotFollowed()
    {
        var store = new FileArtifactStore(_root);
        Directory.CreateDirectory(Path.Combine(_root, "runs"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "runs", "r1"), _outside);
        await File.WriteAllTextAsync(Path.Combine(_outside, "secret.txt"), "secret");

        var write = await Assert.ThrowsAsync<ArgumentException>(() => store.PutBytesAsync("runs/r1/item/x.txt", "x.txt", new byte[1], "text/plain"));
        var read = await Assert.ThrowsAsync<ArgumentException>(() => store.OpenReadAsync("runs/r1/secret.txt"));

        Assert.Contains("leads outside the artifact root", write.Message);
        Assert.Contains("leads outside the artifact root", read.Message);
        Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(_outside).Select(Path.GetFileName));
        Assert.Empty(await store.ListAsync("runs/"));
    }

    [Fact]
    public async Task RootReachedThroughASymlinkStillWorks()
    {
        var link = _temp.File("root-link");
        Directory.CreateSymbolicLink(link, _root);
        var store = new FileArtifactStore(link);

        var record = await store.PutBytesAsync("runs/r/x.txt", "x.txt", "abc"u8.ToArray(), "text/plain");

        Assert.Equal("abc", await File.ReadAllTextAsync(Path.Combine(_root, record.StoreKey)));
    }

    [Fact]
    public async Task VerifiedReadDetectsAFileChangedOnDisk()
    {
        var store = new FileArtifactStore(_root);
        var content = new byte[300_000];
        new Random(3).NextBytes(content);
        var record = await store.PutBytesAsync("runs/r/i/data.bin", "data.bin", content, "application/octet-stream");

        await using (var good = await store.OpenVerifiedReadAsync(record))
            Assert.Equal(record.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(good)));

        content[123] ^= 0x80;
        await File.WriteAllBytesAsync(Path.Combine(_root, record.StoreKey), content);
        await using var bad = await store.OpenVerifiedReadAsync(record);
        var failure = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => bad.CopyToAsync(Stream.Null));
        Assert.Equal(("runs/r/i/data.bin", $"sha256 {record.Sha256}", $"sha256 {Convert.ToHexStringLower(SHA256.HashData(content))}"),
            (failure.Key, failure.Expected, failure.Actual));

        await File.WriteAllBytesAsync(Path.Combine(_root, record.StoreKey), new byte[300_001]);
        await using var longer = await store.OpenVerifiedReadAsync(record);
        var tooLong = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => longer.CopyToAsync(Stream.Null));
        Assert.Equal("more than 300000 bytes", tooLong.Actual);
    }

    [Fact]
    public async Task ListingSkipsTempFilesAndHonoursThePrefix()
    {
        var store = new FileArtifactStore(_root);
        await store.PutBytesAsync("runs/r1/b/out.txt", "out.txt", new byte[2], "text/plain");
        await store.PutBytesAsync("runs/r1/a/out.txt", "out.txt", new byte[1], "text/plain");
        await store.PutBytesAsync("runs/r10/a/out.txt", "out.txt", new byte[3], "text/plain");
        await File.WriteAllTextAsync(Path.Combine(_root, "runs", "r1", "a", ".out.txt.0123456789abcdef.tmp"), "partial");

        Assert.Equal([("runs/r1/a/out.txt", 1L), ("runs/r1/b/out.txt", 2L)], (await store.ListAsync("runs/r1/")).Select(o => (o.Key, o.Size)));
        Assert.Equal(3, (await store.ListAsync("runs/r1")).Count);
        Assert.Empty(await store.ListAsync("runs/none/"));
        Assert.Null(store.PresignedReadUrl("runs/r1/a/out.txt", TimeSpan.FromMinutes(1)));
    }

    private void AssertNoFilesOutsideRoot() =>
        Assert.Equal(["root", "outside"], Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order().Reverse());
}
