using System.Security.Cryptography;

namespace Cluster.Formats;

/// <summary>
/// Writes a file so that its final name only ever holds a complete file: the content goes to a hidden temp file
/// in the same directory (<c>.name.&lt;random&gt;.tmp</c>, same file system so the rename is atomic), is flushed
/// to disk, then renamed over the final name. Readers see the old file or the new one, never a mixture.
/// On any exception or cancellation the temp file is deleted and the exception propagates.
/// The new file gets default permissions; those of a replaced file are not carried over.
/// </summary>
public static class AtomicFile
{
    private const int BufferSize = 1 << 16;

    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (finalPath, tempPath) = PreparePaths(path);
        try
        {
            using (var stream = CreateTemp(tempPath, useAsync: false))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, finalPath, overwrite: true);
        }
        catch (Exception failure)
        {
            DeleteTempAfter(failure, tempPath);
            throw;
        }
    }

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (finalPath, tempPath) = PreparePaths(path);
        try
        {
            await using (var stream = CreateTemp(tempPath, useAsync: true))
            {
                await write(stream, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            // The last point to honour cancellation: after the rename the new file is in place.
            ct.ThrowIfCancellationRequested();
            File.Move(tempPath, finalPath, overwrite: true);
        }
        catch (Exception failure)
        {
            DeleteTempAfter(failure, tempPath);
            throw;
        }
    }

    /// <summary>The temp file's name, e.g. <c>.result.npz.3f9a0c7e1b2d4a65.tmp</c> beside <c>result.npz</c>.</summary>
    internal static string TempPathFor(string finalPath) =>
        Path.Combine(
            Path.GetDirectoryName(finalPath)!,
            $".{Path.GetFileName(finalPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");

    private static (string FinalPath, string TempPath) PreparePaths(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var finalPath = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(finalPath))
            throw new ArgumentException($"'{path}' names a directory, not a file", nameof(path));
        SafeDirectory.Create(Path.GetDirectoryName(finalPath)!);
        return (finalPath, TempPathFor(finalPath));
    }

    private static FileStream CreateTemp(string tempPath, bool useAsync) =>
        // CreateNew: never write through a file (or symlink) someone else put at the random name.
        new(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync);

    private static void DeleteTempAfter(Exception failure, string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
        {
            throw new AggregateException(
                $"writing failed and the temp file {tempPath} could not be deleted either", failure, cleanup);
        }
    }
}
