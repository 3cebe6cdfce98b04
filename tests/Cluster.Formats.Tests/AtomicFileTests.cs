using System.Text.RegularExpressions;
using Cluster.Formats;
using Cluster.TestSupport;

namespace Cluster.Formats.Tests;

public sealed class AtomicFileTests
{
    private static void WriteBytes(Stream stream, byte value, int count, Action? halfway = null)
    {
        var chunk = new byte[4096];
        Array.Fill(chunk, value);
        for (var written = 0; written < count; written += chunk.Length)
        {
            if (written >= count / 2) { halfway?.Invoke(); halfway = null; }
            stream.Write(chunk, 0, Math.Min(chunk.Length, count - written));
        }
    }

    [Fact]
    public void WritesTheFileAndCreatesMissingDirectories()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "a", "b", "result.bin");
        AtomicFile.Write(path, s => WriteBytes(s, 7, 100_000));

        Assert.Equal(Enumerable.Repeat((byte)7, 100_000), File.ReadAllBytes(path));
        Assert.Equal(["result.bin"], Directory.GetFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void WhileWritingOnlyAHiddenTempFileExistsInTheSameDirectory()
    {
        using var temp = new TempDirectory();
        var path = temp.File("result.npz");
        string[] seen = [];
        AtomicFile.Write(path, s =>
        {
            s.WriteByte(1);
            seen = Directory.GetFileSystemEntries(temp.Path).Select(p => Path.GetFileName(p)!).ToArray();
        });

        var tempName = Assert.Single(seen);
        Assert.Matches(new Regex(@"^\.result\.npz\.[0-9a-f]{16}\.tmp$"), tempName);
        Assert.Equal(["result.npz"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AnExceptionHalfwayLeavesNeitherFinalNorTempFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("result.bin");
        var error = Assert.Throws<InvalidOperationException>(() =>
            AtomicFile.Write(path, s => WriteBytes(s, 1, 1 << 20, () => throw new InvalidOperationException("disk on fire"))));

        Assert.Equal("disk on fire", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void AnExistingFileIsLeftUntouchedOnFailureAndReplacedWholeOnSuccess()
    {
        using var temp = new TempDirectory();
        var path = temp.File("result.bin");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)1, 300_000).ToArray());

        Assert.Throws<IOException>(() =>
            AtomicFile.Write(path, s => WriteBytes(s, 2, 100_000, () => throw new IOException("network share gone"))));
        Assert.Equal(Enumerable.Repeat((byte)1, 300_000), File.ReadAllBytes(path));

        AtomicFile.Write(path, s => WriteBytes(s, 3, 100_000));
        Assert.Equal(Enumerable.Repeat((byte)3, 100_000), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void ParallelWritersLeaveOneCompleteFileAndReadersNeverSeeAPartialOne()
    {
        const int writers = 32, size = 256 * 1024;
        using var temp = new TempDirectory();
        var path = temp.File("shared.bin");
        using var start = new Barrier(writers + 1);
        var readerProblems = new List<string>();
        var done = false;

        var reader = new Thread(() =>
        {
            start.SignalAndWait();
            while (!Volatile.Read(ref done))
            {
                byte[] content;
                try { content = File.ReadAllBytes(path); }
                catch (FileNotFoundException) { continue; } // not written yet
                if (content.Length != size || content.Any(b => b != content[0]))
                    readerProblems.Add($"read {content.Length} bytes, mixed={content.Distinct().Count() > 1}");
            }
        });
        var threads = Enumerable.Range(1, writers).Select(id => new Thread(() =>
        {
            start.SignalAndWait();
            AtomicFile.Write(path, s =>
            {
                for (var part = 0; part < 8; part++)
                {
                    WriteBytes(s, (byte)id, size / 8);
                    Thread.Yield();
                }
            });
        })).ToList();

        reader.Start();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Volatile.Write(ref done, true);
        reader.Join();

        var final = File.ReadAllBytes(path);
        Assert.Equal(size, final.Length);
        Assert.InRange(final[0], 1, writers);
        Assert.All(final, b => Assert.Equal(final[0], b));
        Assert.Empty(readerProblems);
        Assert.Equal(["shared.bin"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsyncWritesTheFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("async.bin");
        await AtomicFile.WriteAsync(path, async (s, ct) => await s.WriteAsync(new byte[] { 1, 2, 3 }, ct));
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task CancellationHalfwayLeavesNoFilesAndKeepsTheOldOne()
    {
        using var temp = new TempDirectory();
        var path = temp.File("async.bin");
        await File.WriteAllTextAsync(path, "old");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(new byte[100_000], ct);
            await cancel.CancelAsync();
            await s.WriteAsync(new byte[100_000], ct);
        }, cancel.Token));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Single(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task CancellationAfterTheCallbackStillPreventsTheRename()
    {
        using var temp = new TempDirectory();
        var path = temp.File("async.bin");
        using var cancel = new CancellationTokenSource();

        // The callback ignores the token; the write must still not complete once cancelled.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(path, (s, _) =>
        {
            s.WriteByte(1);
            cancel.Cancel();
            return Task.CompletedTask;
        }, cancel.Token));

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task AnAsyncExceptionIsRethrownAndCleanedUp()
    {
        using var temp = new TempDirectory();
        var path = temp.File("async.bin");
        var error = await Assert.ThrowsAsync<FormatException>(() => AtomicFile.WriteAsync(path, async (s, ct) =>
        {
            await s.WriteAsync(new byte[10_000], ct);
            throw new FormatException("bad value in row 3");
        }));
        Assert.Equal("bad value in row 3", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void NpzThroughAtomicFileIsReadable()
    {
        using var temp = new TempDirectory();
        var path = temp.File("out.npz");
        AtomicFile.Write(path, s =>
        {
            using var npz = new NpzWriter(s, compress: true);
            npz.Add("x", NpyArray.Create(new[] { 1.5, 2.5 }, 2));
        });
        Assert.Equal([1.5, 2.5], Npz.Read(path)["x"].As<double>());
    }
}
