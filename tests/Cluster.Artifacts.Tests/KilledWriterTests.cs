using System.Diagnostics;
using System.Security.Cryptography;
using Cluster.Storage.Artifacts;
using Cluster.TestSupport;

namespace Cluster.Artifacts.Tests;

/// <summary>
/// A writer SIGKILLed halfway through an artifact. The writer is a real process (this test assembly run as a program,
/// see <see cref="Program"/>) writing through <see cref="FileArtifactStore.PutFileAsync"/>; its source is a FIFO the
/// test feeds, so "halfway" is a state the test controls rather than a race against the disk.
/// </summary>
public sealed class KilledWriterTests
{
    private const string Key = "runs/r1/item%2Fa.dat/spectrum.npz";
    private const int Fed = 4 << 20;

    [Fact]
    public async Task KilledWriterLeavesNothingUnderTheFinalNameAndTheRetryStoresExactlyOneArtifact()
    {
        using var temp = new TempDirectory();
        var root = temp.File("artifacts");
        var fifo = temp.File("source.fifo");
        await RunToEndAsync("mkfifo", fifo);
        var content = new byte[Fed + (1 << 20)];
        new Random(11).NextBytes(content);

        using var writer = StartPut(root, Key, fifo);
        // Opening a FIFO for writing blocks until the child opens it for reading.
        await using (var feed = await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write)).WaitAsync(TimeSpan.FromSeconds(60)))
        {
            await feed.WriteAsync(content.AsMemory(0, Fed));
            await feed.FlushAsync();
            var partial = await WaitForTempFileAsync(Path.Combine(root, "runs", "r1", "item%2Fa.dat"), Fed, TimeSpan.FromSeconds(60));

            writer.Kill(); // SIGKILL while the source is still open: no cleanup code runs.
            await writer.WaitForExitAsync();

            Assert.True(File.Exists(partial), "the killed writer's temp file is the only trace");
            Assert.False(File.Exists(Path.Combine(root, Key)), "nothing may appear under the final name");
            Assert.Empty(await new FileArtifactStore(root).ListAsync("runs/"));
        }

        // The retried item: a fresh process stores the complete file.
        var source = temp.File("complete.bin");
        await File.WriteAllBytesAsync(source, content);
        using var retry = StartPut(root, Key, source);
        var output = await retry.StandardOutput.ReadToEndAsync();
        await retry.WaitForExitAsync();
        Assert.True(retry.ExitCode == 0, await retry.StandardError.ReadToEndAsync());

        var expected = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(expected, output.Trim());
        var listed = await new FileArtifactStore(root).ListAsync("runs/");
        Assert.Equal([(Key, (long)content.Length)], listed.Select(o => (o.Key, o.Size)));
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(root, Key)))));
    }

    private static Process StartPut(string root, string key, string source)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Cluster.Artifacts.Tests.dll"), "put", root, key, source })
            start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<string> WaitForTempFileAsync(string directory, long size, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var temp = Directory.Exists(directory)
                ? new DirectoryInfo(directory).EnumerateFiles(".spectrum.npz.*.tmp").FirstOrDefault(f => f.Length >= size)
                : null;
            if (temp is not null) return temp.FullName;
            await Task.Delay(20);
        }
        throw new TimeoutException($"no temp file of {size} bytes appeared in {directory} within {timeout}");
    }

    private static async Task RunToEndAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
